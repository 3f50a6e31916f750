package io.camstream.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.camstream.bus.Demand;
import io.camstream.config.ConfigLoader;
import io.camstream.testing.Await;
import io.camstream.testing.Poll;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The camera's filters and its demand, on the capture verticle alone: what it publishes on
 * camstream.frames and what its state says while viewers and recordings hold it.
 */
@ExtendWith(VertxExtension.class)
class StreamControlsTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  /** The newest frames published; older ones are dropped when the test reads slower than 30 fps. */
  private final BlockingQueue<Frame> frames = new ArrayBlockingQueue<>(64);

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().registerDefaultCodec(Frame.class, new FrameCodec());
    vertx.eventBus().<Frame>localConsumer(Addresses.FRAMES, m -> {
      while (!frames.offer(m.body())) {
        frames.poll();
      }
    });
    JsonObject config = ConfigLoader.load(null, Map.of(), Map.of("camera.source", "test", "camera.width", "320",
        "camera.height", "240", "camera.fps", "30", "camera.idleReleaseSeconds", "1"));
    vertx.deployVerticle(new CaptureVerticle(),
            new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setConfig(config))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void filtersMakeGrayAndHalfSizeFrames(Vertx vertx) throws Exception {
    Control camera = Control.of(vertx, Addresses.CAMERA_CONTROL);
    demand(vertx, Demand.of("viewer", Demand.Kind.VIEWER, 1));
    BufferedImage color = nextMatching("any frame", img -> true);
    assertThat(isGray(color)).as("the test pattern has color").isFalse();
    assertThat(color.getWidth()).isEqualTo(320);

    Await.result(camera.send(new JsonObject().put("action", "grayscale").put("enabled", true)));
    BufferedImage gray = nextMatching("a gray frame", StreamControlsTest::isGray);
    assertThat(gray.getWidth()).isEqualTo(320);

    Await.result(camera.send(new JsonObject().put("action", "resolution").put("half", true)));
    BufferedImage small = nextMatching("a half-size frame", img -> img.getWidth() == 160);
    assertThat(small.getHeight()).isEqualTo(120);
    assertThat(isGray(small)).isTrue();

    Await.result(camera.send(new JsonObject().put("action", "grayscale").put("enabled", false)));
    BufferedImage smallColor = nextMatching("a half-size color frame", img -> !isGray(img));
    assertThat(smallColor.getWidth()).isEqualTo(160);

    Await.result(camera.send(new JsonObject().put("action", "resolution").put("half", false)));
    nextMatching("a full-size color frame", img -> img.getWidth() == 320 && !isGray(img));
  }

  @Test
  void theCameraRunsOnlyWhileSomethingHoldsIt(Vertx vertx) {
    Control camera = Control.of(vertx, Addresses.CAMERA_CONTROL);
    assertThat(Await.result(camera.state()).getString("status")).isEqualTo("idle");

    demand(vertx, Demand.of("viewer", Demand.Kind.VIEWER, 1));
    JsonObject watched = poll(camera, "streaming with one viewer",
        s -> s.getString("status").equals("streaming") && s.getLong("viewers") == 1);
    assertThat(watched.getInteger("width")).isEqualTo(320);
    demand(vertx, Demand.of("viewer", Demand.Kind.VIEWER, 0));
    poll(camera, "the camera to be released", s -> s.getString("status").equals("idle") && s.getLong("viewers") == 0);

    // another consumer (a recording, say) holds the camera open with no viewer at all
    demand(vertx, Demand.of("recording", Demand.Kind.RECORDING, 1));
    long capturedAtStart = poll(camera, "streaming for a non-viewer consumer",
        s -> s.getString("status").equals("streaming")).getJsonObject("frames").getLong("captured");
    // held past the 1 s release delay: 60 more frames captured (2 s at 30 fps), streaming throughout
    JsonObject held = Poll.until(DEADLINE, "60 frames captured while only the recording holds the camera", () -> {
      JsonObject s = Await.result(camera.state());
      assertThat(s.getString("status")).as("still held after the release delay").isEqualTo("streaming");
      return s;
    }, s -> s.getJsonObject("frames").getLong("captured") >= capturedAtStart + 60);
    assertThat(held.getLong("viewers")).isZero();
    assertThat(held.getLong("consumers")).isEqualTo(1);
    demand(vertx, Demand.of("recording", Demand.Kind.RECORDING, 0));
    poll(camera, "release after the consumer left", s -> s.getString("status").equals("idle"));
  }

  private static JsonObject poll(Control camera, String what, Predicate<JsonObject> done) {
    return Poll.until(DEADLINE, what, () -> Await.result(camera.state()), done);
  }

  private static void demand(Vertx vertx, Demand demand) {
    vertx.eventBus().send(Addresses.CAMERA_DEMAND, demand.toJson());
  }

  /** The first published frame that passes, within the deadline (the settings reach the grab loop between frames). */
  private BufferedImage nextMatching(String what, Predicate<BufferedImage> test) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      Frame frame = frames.poll(1, TimeUnit.SECONDS);
      if (frame != null) {
        BufferedImage image = decode(frame);
        assertThat(image).as("a decodable JPEG of %dx%d", frame.width(), frame.height()).isNotNull();
        assertThat(image.getWidth()).as("the frame's own width").isEqualTo(frame.width());
        if (test.test(image)) {
          return image;
        }
      }
    }
    throw new AssertionError("no " + what + " within " + DEADLINE.toSeconds() + " s");
  }

  private static BufferedImage decode(Frame frame) {
    ByteBuffer jpeg = frame.jpeg();
    byte[] bytes = new byte[jpeg.remaining()];
    jpeg.get(bytes);
    try {
      return ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Gray when every sampled pixel has equal red, green and blue (within JPEG rounding). */
  static boolean isGray(BufferedImage image) {
    for (int y = 0; y < image.getHeight(); y += 7) {
      for (int x = 0; x < image.getWidth(); x += 7) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xFF;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        if (Math.abs(r - g) > 6 || Math.abs(g - b) > 6) {
          return false;
        }
      }
    }
    return true;
  }
}
