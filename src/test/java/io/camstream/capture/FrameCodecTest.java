package io.camstream.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class FrameCodecTest {
  private static final int CONSUMERS = 3;

  @Test
  void everyConsumerGetsTheSameFrameObjectNotACopy(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().registerDefaultCodec(Frame.class, new FrameCodec());
    Frame frame = new Frame(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9}, 1, 1, 7, 0,
        1_700_000_000_123_456L, false);
    // one flag per consumer: a consumer that gets a copy, or a frame twice, fails the test
    Checkpoint sameFrame = ctx.checkpoint(CONSUMERS);
    List<Future<Void>> registered = new ArrayList<>();
    for (int i = 0; i < CONSUMERS; i++) {
      registered.add(vertx.eventBus().<Frame>localConsumer(Addresses.FRAMES, m -> {
        ctx.verify(() -> assertThat(m.body()).isSameAs(frame));
        sameFrame.flag();
      }).completion());
    }
    Future.all(registered).onComplete(ctx.succeeding(all -> vertx.eventBus().publish(Addresses.FRAMES, frame)));
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

  @Test
  void theNoSignalPicturesPartTellsViewersSo() {
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};
    Frame placeholder = new Frame(jpeg, 1, 1, 1, 0, 1_700_000_000_000_042L, true);
    assertThat(placeholder.mjpegPart().toString(StandardCharsets.ISO_8859_1))
        .startsWith("Content-Type: image/jpeg\r\nContent-Length: 4\r\nX-Timestamp: 1700000000.000042\r\nX-No-Signal: 1\r\n\r\n");
  }
}
