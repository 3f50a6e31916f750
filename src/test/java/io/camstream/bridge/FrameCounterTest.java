package io.camstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class FrameCounterTest {

  private static Buffer frames(int... lengths) {
    Buffer out = Buffer.buffer();
    for (int length : lengths) {
      out.appendInt(length).appendBytes(new byte[length]);
    }
    return out;
  }

  @Test
  void followsFrameBoundariesHoweverTheBytesAreSplit() {
    Buffer stream = frames(10, 0, 300, 1000);
    for (int chunk = 1; chunk <= 17; chunk++) {
      FrameLimitedVertx.FrameCounter counter = new FrameLimitedVertx.FrameCounter(1000);
      for (int i = 0; i < stream.length(); i += chunk) {
        assertThat(counter.accept(stream.getBuffer(i, Math.min(stream.length(), i + chunk)))).as("chunk %d at %d", chunk, i)
            .isTrue();
      }
    }
  }

  @Test
  void refusesTheFirstHeaderOverTheLimitEvenAfterGoodFrames() {
    FrameLimitedVertx.FrameCounter counter = new FrameLimitedVertx.FrameCounter(1000);
    assertThat(counter.accept(frames(500, 1000))).isTrue();
    Buffer header = Buffer.buffer().appendInt(1001);
    assertThat(counter.accept(header.getBuffer(0, 2))).isTrue();
    assertThat(counter.accept(header.getBuffer(2, 4))).isFalse();
    assertThat(new FrameLimitedVertx.FrameCounter(1000).accept(Buffer.buffer().appendInt(-1))).isFalse();
  }
}
