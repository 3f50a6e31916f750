package io.camstream.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.camstream.capture.Frame;
import io.camstream.capture.FrameCodec;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** MediaVerticle alone on a real Vert.x, asked over the bus as the routes ask it. */
@ExtendWith(VertxExtension.class)
class MediaVerticleTest {
  @TempDir
  Path media;
  private Path mounted;

  private static final byte[] JPEG = jpeg();

  @AfterEach
  void unmount() throws Exception {
    if (mounted != null) {
      new ProcessBuilder("umount", "-l", mounted.toString()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private Future<Control> deploy(Vertx vertx, Path dir) {
    try {
      vertx.eventBus().registerDefaultCodec(Frame.class, new FrameCodec());
    } catch (IllegalStateException registeredByAnotherTest) {
      // the codec is per Vert.x; VertxExtension gives each test its own
    }
    return vertx.deployVerticle(new MediaVerticle(), new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)
            .setConfig(new JsonObject().put("media", new JsonObject().put("dir", dir.toString()))))
        .map(id -> Control.of(vertx, Addresses.MEDIA_CONTROL));
  }

  private static Future<JsonObject> snapshot(Control media, String filename) {
    Map<String, String> fields = new HashMap<>();
    fields.put("filename", filename);
    fields.put("date", "2024-05-01");
    return media.send("snapshot", new Frame(JPEG, 64, 48, 7, System.nanoTime(), 0, false), fields);
  }

  @Test
  void aSnapshotFrameBecomesFileAndRowTogether(Vertx vertx, VertxTestContext test) {
    Checkpoint announced = test.checkpoint();
    Checkpoint listed = test.checkpoint();
    vertx.eventBus().<JsonObject>consumer(Addresses.MEDIA_EVENTS, event -> test.verify(() -> {
      assertThat(event.body().getString("event")).isEqualTo("added");
      assertThat(event.body().getJsonObject("item").getString("filename")).isEqualTo("front_door.jpg");
      announced.flag();
    }));
    deploy(vertx, media).compose(control -> snapshot(control, "front door").compose(item -> {
      test.verify(() -> {
        assertThat(item.getString("filename")).isEqualTo("front_door.jpg");
        assertThat(item.getString("date")).isEqualTo("2024-05-01");
        assertThat(item.getInteger("width")).isEqualTo(64);
        assertThat(item.getLong("bytes")).isEqualTo(JPEG.length);
        assertThat(Files.readAllBytes(media.resolve("front_door.jpg"))).isEqualTo(JPEG);
      });
      return control.send(new JsonObject().put("action", "list"));
    })).onComplete(test.succeeding(list -> test.verify(() -> {
      assertThat(list.getJsonArray("items")).hasSize(1);
      assertThat(leftOver()).containsExactly("front_door.jpg");
      listed.flag();
    })));
  }

  @Test
  void aBadNameIs400AndWritesNothing(Vertx vertx, VertxTestContext test) {
    deploy(vertx, media).compose(control -> Future.all(List.of(snapshot(control, "../escape").otherwise(e -> fail(e)),
            snapshot(control, "abc.").otherwise(e -> fail(e)), snapshot(control, "写".repeat(70)).otherwise(e -> fail(e))))
        .compose(answers -> control.send(new JsonObject().put("action", "list")).map(list -> {
          test.verify(() -> {
            for (Object answer : answers.list()) {
              assertThat(((JsonObject) answer).getInteger("code")).isEqualTo(400);
            }
            assertThat(list.getJsonArray("items")).isEmpty();
            assertThat(leftOver()).isEmpty();
            assertThat(Files.exists(media.getParent().resolve("escape.jpg"))).isFalse();
          });
          return list;
        })))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void anExistingNameIs409AndTheOldFileStaysAsItWas(Vertx vertx, VertxTestContext test) throws IOException {
    Files.writeString(media.resolve("taken.jpg"), "the user's own picture");
    deploy(vertx, media).compose(control -> snapshot(control, "taken").otherwise(e -> fail(e))
            .compose(answer -> control.send(new JsonObject().put("action", "list")).map(list -> {
              test.verify(() -> {
                assertThat(answer.getInteger("code")).isEqualTo(409);
                assertThat(answer.getString("message")).contains("already exists");
                assertThat(Files.readString(media.resolve("taken.jpg"))).isEqualTo("the user's own picture");
                assertThat(list.getJsonArray("items")).isEmpty();
                assertThat(leftOver()).containsExactly("taken.jpg");
              });
              return list;
            })))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void aCrashLeftoverIsRemovedAtStartButATemporaryFileBeingWrittenNowStays(Vertx vertx, VertxTestContext test)
      throws IOException {
    Path crashed = Files.writeString(media.resolve(".writing-1.tmp"), "half a picture");
    Files.setLastModifiedTime(crashed, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(3600)));
    Path current = Files.writeString(media.resolve(".writing-2.tmp"), "a snapshot of the running server");
    deploy(vertx, media).onComplete(test.succeeding(control -> test.verify(() -> {
      assertThat(crashed).doesNotExist();
      assertThat(current).exists();
      test.completeNow();
    })));
  }

  /** A real full file system: a 2 MB tmpfs (mounting needs root, as the CI machine has). */
  @Test
  void aFullDiskIs507AndLeavesNoFileNorRow(Vertx vertx, VertxTestContext test) throws Exception {
    Path dir = Files.createDirectories(media.resolve("small-disk"));
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", dir.toString())
        .redirectErrorStream(true).start();
    String said = new String(mount.getInputStream().readAllBytes());
    assertThat(mount.waitFor()).as("mount a 2 MB tmpfs for a real full disk (needs root): " + said).isZero();
    mounted = dir;
    deploy(vertx, dir).compose(control -> {
      fill(dir.resolve("filler"));
      return snapshot(control, "too much").otherwise(e -> fail(e))
          .compose(answer -> control.send(new JsonObject().put("action", "list")).map(list -> {
            test.verify(() -> {
              assertThat(answer.getInteger("code")).isEqualTo(507);
              assertThat(answer.getString("message")).contains("full");
              assertThat(list.getJsonArray("items")).isEmpty();
              try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith("media.db")))
                    .containsExactly("filler");
              }
            });
            return list;
          }));
    }).onComplete(test.succeedingThenComplete());
  }

  private static void fill(Path file) {
    byte[] block = new byte[64 * 1024];
    try (var out = Files.newOutputStream(file)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      assertThat(MediaFiles.isDiskFull(full)).as(full.toString()).isTrue();
    }
  }

  private static JsonObject fail(Throwable e) {
    ReplyException reply = (ReplyException) e;
    return new JsonObject().put("code", reply.failureCode()).put("message", reply.getMessage());
  }

  private List<String> leftOver() throws IOException {
    try (Stream<Path> files = Files.list(media)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith("media.db")).toList();
    }
  }

  private static byte[] jpeg() {
    BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    image.createGraphics().setColor(Color.ORANGE);
    image.getGraphics().fillRect(0, 0, 64, 48);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "jpg", out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }
}
