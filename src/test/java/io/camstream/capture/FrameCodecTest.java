package io.camstream.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.bus.Addresses;
import io.camstream.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

  @Test
  void everyConsumerGetsTheSameFrameObjectNotACopy() throws Exception {
    try (TestServer server = TestServer.start()) {
      List<Frame> received = new CopyOnWriteArrayList<>();
      CountDownLatch latch = new CountDownLatch(3);
      for (int i = 0; i < 3; i++) {
        server.vertx().eventBus().<Frame>localConsumer(Addresses.FRAMES + ".test", m -> {
          received.add(m.body());
          latch.countDown();
        }).completion().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      }
      Frame frame = new Frame(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9}, 1, 1, 7, 0, 1_700_000_000_123_456L, false);
      server.vertx().eventBus().publish(Addresses.FRAMES + ".test", frame);
      assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(received).hasSize(3).allSatisfy(f -> assertThat(f).isSameAs(frame));
    }
  }

  @Test
  void thePartCarriesLengthTimestampAndTheNextBoundaryRightAfterTheJpeg() {
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};
    Frame frame = new Frame(jpeg, 1, 1, 1, 0, 1_700_000_000_000_042L, false);
    String part = frame.mjpegPart().toString(StandardCharsets.ISO_8859_1);
    assertThat(part).startsWith("Content-Type: image/jpeg\r\nContent-Length: 7\r\nX-Timestamp: 1700000000.000042\r\n\r\n");
    assertThat(part).endsWith(new String(jpeg, StandardCharsets.ISO_8859_1) + "\r\n--frame\r\n");
    assertThat(frame.mjpegPart()).as("built once").isSameAs(frame.mjpegPart());
  }
}
