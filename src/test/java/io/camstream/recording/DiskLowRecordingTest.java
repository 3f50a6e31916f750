package io.camstream.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_OPENCV_MJPEG;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FRAME_COUNT;

import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.camstream.capture.Frame;
import io.camstream.capture.FrameCodec;
import io.camstream.config.ConfigLoader;
import io.camstream.testing.Await;
import io.camstream.testing.Poll;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.bytedeco.opencv.opencv_videoio.VideoCapture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A running recording that the disk cannot hold any more stops by itself, finalised and listed. */
@ExtendWith(VertxExtension.class)
class DiskLowRecordingTest {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 480;
  /** Room left above the limit at the start: the noisy frames below use it up within seconds. */
  private static final long SPARE_MEGABYTES = 24;
  @TempDir
  Path media;
  /** What the recorder asked the library to list. */
  private final List<JsonObject> listed = new CopyOnWriteArrayList<>();

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) throws IOException {
    vertx.eventBus().registerDefaultCodec(Frame.class, new FrameCodec());
    vertx.eventBus().<JsonObject>consumer(Addresses.MEDIA_CONTROL, m -> {
      listed.add(m.body());
      m.reply(new JsonObject());
    });
    long freeMegabytes = Files.getFileStore(media).getUsableSpace() / (1024 * 1024);
    JsonObject config = ConfigLoader.load(null, Map.of(), Map.of("media.dir", media.toString(),
        "recording.minFreeMegabytes", String.valueOf(freeMegabytes - SPARE_MEGABYTES)));
    vertx.deployVerticle(new RecordingVerticle(),
            new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setConfig(config))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aRunningRecordingStopsFinalisedAndListedWhenTheDiskRunsLow(Vertx vertx) throws Exception {
    Control recorder = Control.of(vertx, Addresses.RECORDING_CONTROL);
    Await.result(recorder.send(new JsonObject().put("action", "start").put("filename", "low")));
    List<byte[]> noise = noisyJpegs(8);
    long t0 = System.nanoTime();
    long[] published = {0};
    // frames go on until the recorder's disk check (once a second) stops it, in batches of
    // one second of a 30 fps camera, each answered before the next so the queue stays short
    JsonObject state = Poll.until(Duration.ofSeconds(90), "the recording to stop by itself", () -> {
      for (int i = 0; i < 30; i++) {
        long n = published[0]++;
        long nanos = t0 + Math.round(n * 1e9 / 30);
        vertx.eventBus().publish(Addresses.FRAMES,
            new Frame(noise.get((int) (n % noise.size())), WIDTH, HEIGHT, n, nanos, nanos / 1000, false));
      }
      return Await.result(recorder.state());
    }, s -> !s.getBoolean("recording"));
    assertThat(state.getString("lastStopReason")).contains("disk almost full");

    JsonObject add = Poll.until(Duration.ofSeconds(30), "the finalised recording to be listed",
        () -> listed.stream().filter(m -> "add".equals(m.getString("action"))).findFirst(), o -> o.isPresent()).get();
    assertThat(add.getString("filename")).isEqualTo("low.avi");
    try (VideoCapture capture = new VideoCapture(media.resolve("low.avi").toString(), CAP_OPENCV_MJPEG)) {
      assertThat(capture.get(CAP_PROP_FRAME_COUNT)).isEqualTo((double) state.getLong("lastFrames"));
    }
    assertThat(add.getLong("frames")).isEqualTo(state.getLong("lastFrames"));

    Throwable refused = Await.result(recorder.send(new JsonObject().put("action", "start").put("filename", "again"))
        .map(ok -> (Throwable) null).otherwise(e -> e));
    assertThat(refused).as("a new start while the disk is low").isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) refused).failureCode()).isEqualTo(507);
    assertThat(refused.getMessage()).contains("recording.minFreeMegabytes");
    assertThat(media.resolve("again.avi")).doesNotExist();
  }

  /** JPEGs of random pixels (made by the JDK), which compress badly: about 0.3 MB each. */
  private static List<byte[]> noisyJpegs(int count) throws IOException {
    Random random = new Random(42);
    List<byte[]> jpegs = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < HEIGHT; y++) {
        for (int x = 0; x < WIDTH; x++) {
          image.setRGB(x, y, random.nextInt(1 << 24));
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "jpg", out);
      jpegs.add(out.toByteArray());
    }
    return jpegs;
  }
}
