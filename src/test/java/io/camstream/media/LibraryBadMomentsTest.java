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
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * The media part on a real Vert.x and a real media.db when SQLite has a bad moment: a full
 * database (a real SQLITE_FULL, from a capped page count) and another program holding the
 * write lock (a real sqlite3 process in BEGIN EXCLUSIVE).
 */
class LibraryBadMomentsTest {
  private static final byte[] JPEG = jpeg();

  @TempDir
  Path media;
  private Vertx vertx;
  private final List<Process> lockers = new ArrayList<>();

  @BeforeEach
  void vertx() {
    vertx = Vertx.vertx();
    vertx.eventBus().registerDefaultCodec(Frame.class, new FrameCodec());
  }

  @AfterEach
  void close() throws Exception {
    for (Process locker : lockers) {
      locker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    await(vertx.close());
  }

  @Test
  void aFullDatabaseFailsOneWriteAndLeavesTheConnectionClean() throws Exception {
    // room for the schema and a few rows: the long names fill it within a few dozen snapshots
    Control library = deploy(config -> config.setMaxPageCount(8), new JsonObject());
    List<String> saved = new ArrayList<>();
    JsonObject refused = null;
    for (int i = 0; i < 300 && refused == null; i++) {
      String name = "garden_" + "x".repeat(150) + "_" + i;
      JsonObject answer = snapshot(library, name);
      if (answer.containsKey("code")) {
        refused = answer.put("name", name + ".jpg");
      } else {
        saved.add(answer.getString("filename"));
      }
    }
    assertThat(refused).as("a snapshot refused once the database is full").isNotNull();
    assertThat(refused.getInteger("code")).as(refused.encode()).isEqualTo(507);
    assertThat(refused.getString("message")).contains("full");
    assertThat(media.resolve(refused.getString("name"))).doesNotExist();
    assertThat(listed(library)).isEqualTo(files()).hasSize(saved.size());

    // every later write is answered truly: the rows and the files go together
    for (String name : saved) {
      JsonObject removed = await(library.send(new JsonObject().put("action", "remove").put("filename", name)));
      assertThat(removed.getBoolean("fileDeleted")).isTrue();
      assertThat(media.resolve(name)).doesNotExist();
    }
    JsonObject after = snapshot(library, "after_the_full_moment");
    assertThat(after.getString("filename")).as(after.encode()).isEqualTo("after_the_full_moment.jpg");
    assertThat(listed(library)).isEqualTo(files()).containsExactly("after_the_full_moment.jpg");
  }

  @Test
  void aSnapshotWaitsForAnotherProgramsLockAndIsSavedOnceItGoes() throws Exception {
    Control library = deploy(config -> { }, new JsonObject());
    // as a running server: the page has saved a picture and read the list before
    assertThat(snapshot(library, "earlier").getString("filename")).isEqualTo("earlier.jpg");
    assertThat(listed(library)).containsExactly("earlier.jpg");
    Process locker = lock();
    long lockedAt = System.nanoTime();
    vertx.setTimer(2000, id -> release(locker));
    JsonObject saved = snapshot(library, "while_locked");
    double waited = (System.nanoTime() - lockedAt) / 1e9;

    assertThat(saved.getString("filename")).as(saved.encode() + " after " + waited + " s").isEqualTo("while_locked.jpg");
    assertThat(waited).as("seconds the snapshot waited for the lock").isGreaterThanOrEqualTo(2.0);
    assertThat(listed(library)).isEqualTo(files()).containsExactly("earlier.jpg", "while_locked.jpg");
  }

  @Test
  void aLockOutlastingTheBusyTimeoutIs503AndLeavesNoFileAndNoRow() throws Exception {
    Control library = deploy(config -> { }, new JsonObject().put("busyTimeoutSeconds", 1));
    assertThat(snapshot(library, "before").getString("filename")).isEqualTo("before.jpg");
    Process locker = lock();
    long lockedAt = System.nanoTime();

    JsonObject refused = snapshot(library, "too_long");
    JsonObject notRemoved = await(library.send(new JsonObject().put("action", "remove").put("filename", "before.jpg"))
        .otherwise(LibraryBadMomentsTest::refusal));
    double waited = (System.nanoTime() - lockedAt) / 1e9;
    release(locker);

    assertThat(refused.getInteger("code")).as(refused.encode() + " after " + waited + " s").isEqualTo(503);
    assertThat(refused.getString("message")).contains("busy");
    assertThat(notRemoved.getInteger("code")).as(notRemoved.encode()).isEqualTo(503);
    assertThat(waited).as("seconds until both were refused").isGreaterThanOrEqualTo(2.0);
    assertThat(hiddenFiles()).isEmpty();
    assertThat(listed(library)).isEqualTo(files()).containsExactly("before.jpg");
    assertThat(snapshot(library, "after").getString("filename")).isEqualTo("after.jpg");
  }

  /** A real sqlite3 process holding the write lock on media.db until {@link #release}. */
  private Process lock() throws IOException {
    Process locker = new ProcessBuilder("sqlite3", media.resolve("media.db").toString()).redirectErrorStream(true).start();
    lockers.add(locker);
    OutputStream in = locker.getOutputStream();
    in.write(".timeout 10000\nBEGIN EXCLUSIVE;\nSELECT 'locked';\n".getBytes(StandardCharsets.UTF_8));
    in.flush();
    String line = new BufferedReader(new InputStreamReader(locker.getInputStream(), StandardCharsets.UTF_8)).readLine();
    assertThat(line).as("sqlite3 holds the lock").isEqualTo("locked");
    return locker;
  }

  private static void release(Process locker) {
    try (OutputStream in = locker.getOutputStream()) {
      in.write("COMMIT;\n.quit\n".getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("could not release sqlite3's lock", e);
    }
  }

  private Control deploy(Consumer<SQLiteConfig> tuning, JsonObject mediaSettings) throws Exception {
    JsonObject config = new JsonObject().put("media", mediaSettings.copy().put("dir", media.toString()));
    await(vertx.deployVerticle(new MediaVerticle(tuning), new DeploymentOptions()
        .setThreadingModel(ThreadingModel.WORKER).setConfig(config)));
    return Control.of(vertx, Addresses.MEDIA_CONTROL).waitingForFileWork();
  }

  /** The saved item, or the refusal as {"code", "message"}. */
  private static JsonObject snapshot(Control library, String name) throws Exception {
    return await(library.send("snapshot", new Frame(JPEG, 64, 48, 1, System.nanoTime(), 0, false),
        Map.of("filename", name, "date", "2024-05-01")).otherwise(LibraryBadMomentsTest::refusal));
  }

  private static JsonObject refusal(Throwable e) {
    return new JsonObject().put("code", e instanceof ReplyException re ? re.failureCode() : -1)
        .put("message", e.getMessage());
  }

  private static TreeSet<String> listed(Control library) throws Exception {
    TreeSet<String> names = new TreeSet<>();
    await(library.send("list")).getJsonArray("items").forEach(item -> names.add(((JsonObject) item).getString("filename")));
    return names;
  }

  /** The pictures in the media folder. */
  private TreeSet<String> files() throws IOException {
    try (Stream<Path> files = Files.list(media)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".jpg"))
          .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
  }

  private List<String> hiddenFiles() throws IOException {
    try (Stream<Path> files = Files.list(media)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".writing-")).toList();
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static byte[] jpeg() {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB), "jpg", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
