package io.camstream.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.CameraState;
import io.camstream.testing.MjpegTestClient;
import io.camstream.testing.Poll;
import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Sources fed by real processes and real HTTP servers fail and come back without a restart. */
class SourceRecoveryTest {
  static final String FFMPEG = "ffmpeg -hide_banner -loglevel error -re -f lavfi -i testsrc2=size=320x240:rate=25"
      + " -c:v mjpeg -q:v 5 -f mjpeg -";

  @Test
  void pipeSourceStreamsIsKilledAndRecovers() throws Exception {
    try (TestServer server = TestServer.start(Map.of("camera.source", "pipe:" + FFMPEG,
        "camera.retryInitialMillis", "200"));
        MjpegTestClient client = new MjpegTestClient(server.url("/video_feed"))) {
      MjpegTestClient.Part first = nextReal(client, 200);
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(first.jpeg()));
      assertThat(image.getWidth()).isEqualTo(320);
      JsonObject state = Poll.until(Duration.ofSeconds(10), "pipe streaming", () -> CameraState.of(server),
          s -> "streaming".equals(s.getString("status")));
      assertThat(state.getJsonObject("frames").getLong("encoded")).as("pass-through encodes nothing").isZero();

      long killed = ProcessHandle.current().descendants()
          .filter(p -> p.info().commandLine().orElse("").contains("testsrc2"))
          .peek(ProcessHandle::destroyForcibly).count();
      assertThat(killed).as("ffmpeg processes killed").isPositive();

      boolean sawNoSignal = false;
      for (int i = 0; i < 400 && !sawNoSignal; i++) {
        sawNoSignal = client.next().headers().containsKey("x-no-signal");
      }
      assertThat(sawNoSignal).as("viewers see the no-signal picture while the source is down").isTrue();
      nextReal(client, 400);
      JsonObject back = Poll.until(Duration.ofSeconds(20), "pipe streaming again", () -> CameraState.of(server),
          s -> "streaming".equals(s.getString("status")));
      assertThat(back.getLong("restarts")).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void aFailingSourceIsOfflineWithItsReasonAndKeepsBeingRetried() throws Exception {
    try (TestServer server = TestServer.start(Map.of("camera.source", "pipe:echo camera unplugged >&2; exit 3",
        "camera.retryInitialMillis", "100", "camera.retryMaxMillis", "300"));
        MjpegTestClient client = new MjpegTestClient(server.url("/video_feed"))) {
      MjpegTestClient.Part part = client.next();
      assertThat(part.headers()).containsKey("x-no-signal");
      assertThat(ImageIO.read(new ByteArrayInputStream(part.jpeg()))).isNotNull();
      JsonObject state = Poll.until(Duration.ofSeconds(10), "offline state", () -> CameraState.of(server),
          s -> "offline".equals(s.getString("status")));
      assertThat(state.getBoolean("online")).isFalse();
      assertThat(state.getString("reason")).contains("exited with code 3").contains("camera unplugged");
    }
  }

  @Test
  void mjpegUrlSourceReservesAnotherServersStreamUntouched() throws Exception {
    try (TestServer upstream = TestServer.start(Map.of("camera.quality", "60"));
        TestServer relay = TestServer.start(Map.of("camera.source", "mjpeg-url:" + upstream.url("/video_feed")));
        MjpegTestClient client = new MjpegTestClient(relay.url("/video_feed"))) {
      MjpegTestClient.Part part = nextReal(client, 200);
      assertThat(ImageIO.read(new ByteArrayInputStream(part.jpeg())).getWidth()).isEqualTo(320);
      Poll.until(Duration.ofSeconds(10), "relay streaming", () -> CameraState.of(relay),
          s -> "streaming".equals(s.getString("status")));
      assertThat(CameraState.of(relay).getJsonObject("frames").getLong("encoded")).isZero();
      assertThat(CameraState.of(upstream).getLong("viewers")).as("the relay is the upstream's viewer").isEqualTo(1);
    }
  }

  private static MjpegTestClient.Part nextReal(MjpegTestClient client, int attempts) throws Exception {
    for (int i = 0; i < attempts; i++) {
      MjpegTestClient.Part part = client.next();
      if (!part.headers().containsKey("x-no-signal")) {
        return part;
      }
    }
    throw new AssertionError("no real frame in " + attempts + " parts");
  }
}
