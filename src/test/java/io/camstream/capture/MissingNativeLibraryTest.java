package io.camstream.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.config.ConfigLoader;
import io.camstream.testing.Poll;
import io.vertx.core.Vertx;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * A camera whose native library cannot be loaded (a jar for another architecture, a missing
 * libv4l) is offline with that reason and keeps retrying; its grab thread does not die.
 */
class MissingNativeLibraryTest {
  private record Report(GrabLoop.Status status, String reason) {
  }

  /** Fails to open the way a missing .so does. */
  private static final class UnloadableSource implements FrameSource {
    final AtomicInteger opens = new AtomicInteger();

    @Override
    public String description() {
      return "a camera whose library is missing";
    }

    @Override
    public void open() {
      opens.incrementAndGet();
      throw new UnsatisfiedLinkError("no opencv_videoio in java.library.path");
    }

    @Override
    public CapturedImage read() {
      throw new AssertionError("never opened");
    }

    @Override
    public void close() {
    }
  }

  @Test
  void theCameraIsOfflineWithTheReasonAndItsThreadKeepsRetrying() throws Exception {
    Vertx vertx = Vertx.vertx();
    vertx.eventBus().registerDefaultCodec(Frame.class, new FrameCodec());
    UnloadableSource source = new UnloadableSource();
    List<Report> reports = new CopyOnWriteArrayList<>();
    CameraConfig config = CameraConfig.from(ConfigLoader.load(null, Map.of(), Map.of("camera.width", "160",
        "camera.height", "120", "camera.retryInitialMillis", "50", "camera.retryMaxMillis", "100")));
    GrabLoop loop = new GrabLoop(source, config, new GrabLoop.Settings(false, false, true, 0), vertx.eventBus(),
        List.of("test.frames"), (status, reason, description) -> reports.add(new Report(status, reason)));
    Thread thread = new Thread(loop, "camstream-grab-test");
    thread.start();
    try {
      loop.setWanted(true);
      // the first no-signal picture loads OpenCV's own natives: on a busy machine that has taken over 20 s
      Poll.until(Duration.ofSeconds(90), "the camera offline with the library's reason, then retried",
          () -> source.opens.get(), n -> n >= 3);
      assertThat(thread.isAlive()).as("the grab thread").isTrue();
      Report offline = reports.stream().filter(r -> r.status() == GrabLoop.Status.OFFLINE).findFirst().orElseThrow();
      assertThat(offline.reason()).contains("native library").contains("no opencv_videoio").contains("reinstall");
    } finally {
      loop.stop();
      thread.join(60_000);
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
    assertThat(thread.isAlive()).as("the grab thread after stop").isFalse();
  }

  @Test
  void theNoSignalPictureIsMadeWithoutOpenCvWhenItCannotLoad() throws Exception {
    BufferedImage picture = ImageIO.read(new ByteArrayInputStream(NoSignalPicture.plain(320, 180)));
    assertThat(picture.getWidth()).isEqualTo(320);
    assertThat(picture.getHeight()).isEqualTo(180);
    // the red band across the middle
    int middle = picture.getRGB(160, 90);
    assertThat((middle >> 16) & 0xff).isGreaterThan(150);
    assertThat(middle & 0xff).isLessThan(90);
  }
}
