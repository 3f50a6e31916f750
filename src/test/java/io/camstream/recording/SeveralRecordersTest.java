package io.camstream.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.camstream.bus.Demand;
import io.camstream.capture.Frame;
import io.camstream.capture.FrameCodec;
import io.camstream.config.ConfigLoader;
import io.camstream.media.MediaVerticle;
import io.camstream.testing.Await;
import io.camstream.testing.Poll;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** One recorder per camera: recordings of several cameras at the same time, each row with its camera. */
@ExtendWith(VertxExtension.class)
class SeveralRecordersTest {
  private static final JsonObject YARD = new JsonObject().put("id", "yard").put("default", true).put("fps", 30);
  private static final JsonObject DOOR = new JsonObject().put("id", "door").put("default", false).put("fps", 15);
  private final SyntheticFrames pictures = new SyntheticFrames(5, 160, 120);
  private final List<JsonObject> doorDemand = new CopyOnWriteArrayList<>();

  @TempDir
  Path media;

  private void deploy(Vertx vertx) {
    deploy(vertx, Map.of());
  }

  private void deploy(Vertx vertx, Map<String, String> settings) {
    vertx.eventBus().registerDefaultCodec(Frame.class, new FrameCodec());
    // the camera list, as CamerasVerticle answers it
    vertx.eventBus().<JsonObject>localConsumer(Addresses.CAMERAS_CONTROL,
        m -> m.reply(new JsonObject().put("cameras", new JsonArray().add(YARD).add(DOOR))));
    vertx.eventBus().<JsonObject>localConsumer(Addresses.cameraDemand("door"), m -> doorDemand.add(m.body()));
    Map<String, String> all = new java.util.HashMap<>(settings);
    all.put("media.dir", media.toString());
    all.put("recording.minFreeMegabytes", "0");
    JsonObject config = ConfigLoader.load(null, Map.of(), all);
    DeploymentOptions worker = new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setConfig(config);
    Await.result(vertx.deployVerticle(new MediaVerticle(), worker));
    Await.result(vertx.deployVerticle(new RecordersVerticle(), new DeploymentOptions().setConfig(config)));
  }

  private static JsonObject start(Vertx vertx, String address, String filename) {
    return Await.result(Control.of(vertx, address).send(new JsonObject().put("action", "start").put("filename", filename)));
  }

  /** Publishes {@code count} pictures at {@code fps} where camera frames go, and waits until the recorder wrote them. */
  private void feed(Vertx vertx, String framesAddress, String controlAddress, int count, double fps) {
    long t0 = System.nanoTime();
    feed(vertx, framesAddress, controlAddress, count, n -> pictures.frame(n, fps, t0, 160, 120));
  }

  private static void feed(Vertx vertx, String framesAddress, String controlAddress, int count,
      java.util.function.LongFunction<Frame> frames) {
    for (int n = 0; n < count; n++) {
      vertx.eventBus().publish(framesAddress, frames.apply(n));
    }
    Poll.until(Duration.ofSeconds(20), count + " frames recorded at " + controlAddress,
        () -> Await.result(Control.of(vertx, controlAddress).state()).getLong("frames", 0L) >= count);
  }

  @Test
  void twoCamerasRecordAtOnceAndTheirRowsCarryTheirCamera(Vertx vertx) throws Exception {
    deploy(vertx);
    assertThat(start(vertx, Addresses.RECORDING_CONTROL, "yard clip").getString("camera"))
        .as("the addresses without an id are the default camera's").isEqualTo("yard");
    assertThat(start(vertx, Addresses.recordingControl("door"), "door clip").getBoolean("recording")).isTrue();
    assertThat(doorDemand).contains(Demand.of("recording", Demand.Kind.RECORDING, 1).toJson());
    assertThatThrownBy(() -> start(vertx, Addresses.recordingControl("door"), "other"))
        .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureCode()).isEqualTo(409));
    feed(vertx, Addresses.FRAMES, Addresses.recordingControl("yard"), 30, 30);
    feed(vertx, Addresses.frames("door"), Addresses.recordingControl("door"), 15, 15);

    JsonObject yard = Await.result(Control.of(vertx, Addresses.recordingControl("yard")).waitingForFileWork().send("stop"));
    JsonObject door = Await.result(Control.of(vertx, Addresses.recordingControl("door")).waitingForFileWork().send("stop"));
    assertThat(yard.getJsonArray("lastFiles")).containsExactly("yard_clip.avi");
    assertThat(door.getJsonArray("lastFiles")).containsExactly("door_clip.avi");
    assertThat(door.getLong("lastFrames")).as("door's frames only, at its own 15 fps").isEqualTo(15);
    assertThat(yard.getLong("lastFrames")).isEqualTo(30);

    Control library = Control.of(vertx, Addresses.MEDIA_CONTROL);
    JsonObject doors = Await.result(library.send(new JsonObject().put("action", "page").put("camera", "door")));
    assertThat(doors.getLong("total")).isEqualTo(1);
    assertThat(doors.getJsonArray("items").getJsonObject(0).getString("filename")).isEqualTo("door_clip.avi");
    assertThat(doors.getJsonArray("items").getJsonObject(0).getString("camera")).isEqualTo("door");
    JsonObject all = Await.result(library.send(new JsonObject().put("action", "page")));
    assertThat(all.getLong("total")).isEqualTo(2);
  }

  @Test
  void theStorageCapCountsEveryCameraAndKeepsWhatEachOneJustRecorded(Vertx vertx) throws Exception {
    deploy(vertx, Map.of("recording.storageCapMegabytes", "1"));
    // pictures of noise compress badly: forty make more than half the 1 MB cap
    byte[] noise = noiseJpeg(640, 480);
    long t0 = System.nanoTime();
    java.util.function.LongFunction<Frame> large = n -> new Frame(noise, 640, 480, n, t0 + n * 33_000_000L,
        (t0 + n * 33_000_000L) / 1000, false);
    Control yard = Control.of(vertx, Addresses.recordingControl("yard")).waitingForFileWork();
    Control door = Control.of(vertx, Addresses.recordingControl("door")).waitingForFileWork();
    start(vertx, Addresses.recordingControl("yard"), "yard-old");
    feed(vertx, Addresses.FRAMES, Addresses.recordingControl("yard"), 40, large);
    Await.result(yard.send("stop"));
    start(vertx, Addresses.recordingControl("door"), "door-new");
    feed(vertx, Addresses.frames("door"), Addresses.recordingControl("door"), 40, large);
    Await.result(door.send("stop"));
    assertThat(Files.size(media.resolve("yard-old.avi")) + Files.size(media.resolve("door-new.avi")))
        .as("both recordings together are over the cap").isGreaterThan(1024 * 1024);
    JsonObject kept = Poll.until(Duration.ofSeconds(20), "door's recorder to report what it kept over the cap",
        () -> Await.result(door.state()), s -> s.getJsonObject("storageCap") != null);
    assertThat(kept.getJsonObject("storageCap").getJsonArray("kept")).as("yard's just-finished recording is kept too")
        .containsExactly("door-new.avi", "yard-old.avi");
    assertThat(media.resolve("yard-old.avi")).exists();

    // yard's next recording: its old one is no longer anyone's newest, and goes
    start(vertx, Addresses.recordingControl("yard"), "yard-next");
    feed(vertx, Addresses.FRAMES, Addresses.recordingControl("yard"), 5, large);
    Await.result(yard.send("stop"));
    Poll.until(Duration.ofSeconds(20), "the oldest recording, of any camera, removed by the cap",
        () -> !Files.exists(media.resolve("yard-old.avi")));
    assertThat(media.resolve("door-new.avi")).exists();
  }

  private static byte[] noiseJpeg(int width, int height) throws java.io.IOException {
    java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.util.Random random = new java.util.Random(7);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(image, "jpg", out);
    return out.toByteArray();
  }

  @Test
  void twoCamerasMayNotRecordIntoTheSameFile(Vertx vertx) {
    deploy(vertx);
    start(vertx, Addresses.recordingControl("yard"), "same");
    assertThatThrownBy(() -> start(vertx, Addresses.recordingControl("door"), "same"))
        .isInstanceOfSatisfying(ReplyException.class, e -> {
          assertThat(e.failureCode()).isEqualTo(409);
          assertThat(e.getMessage()).contains("same.avi");
        });
  }

  @Test
  void aRemovedCamerasRecordingIsFinishedAndListed(Vertx vertx) {
    deploy(vertx);
    start(vertx, Addresses.recordingControl("door"), "leaving");
    feed(vertx, Addresses.frames("door"), Addresses.recordingControl("door"), 15, 15);
    vertx.eventBus().publish(Addresses.CAMERAS, new JsonObject().put("cameras", new JsonArray().add(YARD)));
    Poll.until(Duration.ofSeconds(20), "door's recording finished and listed", () -> Files.exists(media.resolve("leaving.avi"))
        && Await.result(Control.of(vertx, Addresses.MEDIA_CONTROL).send(new JsonObject().put("action", "page")
            .put("camera", "door"))).getLong("total") == 1);
    assertThat(doorDemand.get(doorDemand.size() - 1)).isEqualTo(Demand.of("recording", Demand.Kind.RECORDING, 0).toJson());
  }
}
