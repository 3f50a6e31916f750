package io.camstream.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.bus.Demand;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Sources fed by real processes and real HTTP servers fail and come back without a restart. */
@ExtendWith(VertxExtension.class)
class SourceRecoveryTest {
  static final String FFMPEG = "ffmpeg -hide_banner -loglevel error -re -f lavfi -i testsrc2=size=320x240:rate=25"
      + " -c:v mjpeg -q:v 5 -f mjpeg -";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void pipeSourceStreamsIsKilledAndRecovers(Vertx vertx) throws Exception {
    DeployedCamera camera = DeployedCamera.start(vertx, Map.of("camera.source", "pipe:" + FFMPEG,
        "camera.retryInitialMillis", "200"), Demand.Kind.VIEWER);
    Frame first = camera.nextReal(WAIT);
    assertThat(decode(first).getWidth()).isEqualTo(320);
    JsonObject state = camera.awaitStatus("streaming", WAIT);
    assertThat(state.getJsonObject("frames").getLong("encoded")).as("pass-through encodes nothing").isZero();

    long killed = ProcessHandle.current().descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("testsrc2"))
        .peek(ProcessHandle::destroyForcibly).count();
    assertThat(killed).as("ffmpeg processes killed").isPositive();
    long killedAt = System.nanoTime();

    camera.next("\"no signal\" picture after the kill", WAIT, f -> f.placeholder() && f.captureNanos() > killedAt);
    Frame back = camera.nextReal(WAIT);
    assertThat(decode(back).getWidth()).as("a picture from the restarted ffmpeg").isEqualTo(320);
    JsonObject again = camera.awaitStatus("streaming", WAIT);
    assertThat(again.getLong("restarts")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aFailingSourceIsOfflineWithItsReasonAndKeepsBeingRetried(Vertx vertx) throws Exception {
    DeployedCamera camera = DeployedCamera.start(vertx, Map.of("camera.source", "pipe:echo camera unplugged >&2; exit 3",
        "camera.retryInitialMillis", "100", "camera.retryMaxMillis", "300"), Demand.Kind.VIEWER);
    assertThat(decode(camera.nextNoSignal(WAIT))).as("the no-signal picture decodes").isNotNull();
    JsonObject state = camera.awaitStatus("offline", WAIT);
    assertThat(state.getBoolean("online")).isFalse();
    assertThat(state.getString("reason")).contains("exited with code 3").contains("camera unplugged");
    camera.awaitState("the command started again and failed again", WAIT, s -> s.getLong("restarts") >= 2);
  }

  @Test
  void mjpegUrlSourceReservesAnotherServersStreamUntouched(Vertx vertx) throws Exception {
    List<byte[]> pictures = MjpegUpstream.pictures(3, 320, 240);
    MjpegUpstream upstream = MjpegUpstream.start(vertx, pictures);
    DeployedCamera relay = DeployedCamera.start(vertx, Map.of("camera.source", "mjpeg-url:" + upstream.url("/video")),
        Demand.Kind.VIEWER);
    Frame part = relay.nextReal(WAIT);
    assertThat(decode(part).getWidth()).isEqualTo(320);
    byte[] relayed = bytes(part);
    assertThat(pictures).as("the picture as the upstream sent it, byte for byte")
        .anyMatch(sent -> Arrays.equals(sent, relayed));
    relay.awaitStatus("streaming", WAIT);
    assertThat(relay.state().getJsonObject("frames").getLong("encoded")).isZero();
    assertThat(upstream.clients()).as("the relay is the upstream's one viewer").isEqualTo(1);
  }

  private static BufferedImage decode(Frame frame) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(bytes(frame)));
  }

  private static byte[] bytes(Frame frame) {
    byte[] copy = new byte[frame.jpegSize()];
    frame.jpeg().get(copy);
    return copy;
  }
}
