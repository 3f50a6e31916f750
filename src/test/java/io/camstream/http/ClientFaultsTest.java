package io.camstream.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How many client-fault lines get written, and which failures are the client's. */
class ClientFaultsTest {
  private static final long MINUTE = 60_000_000_000L;
  private final AtomicLong now = new AtomicLong(1_000);
  private final ClientFaults.Limiter limiter = new ClientFaults.Limiter(now::get);

  @Test
  void eachSourceGetsAFewLinesAMinuteAndTheNextLineSaysHowManyWereHeldBack() {
    for (int i = 0; i < ClientFaults.LINES_PER_SOURCE; i++) {
      assertThat(limiter.admit("10.0.0.5")).isZero();
    }
    for (int i = 0; i < 1000; i++) {
      assertThat(limiter.admit("10.0.0.5")).as("held back").isEqualTo(-1);
    }
    assertThat(limiter.admit("10.0.0.6")).as("another source is still heard").isZero();
    now.addAndGet(MINUTE);
    assertThat(limiter.admit("10.0.0.5")).as("a minute later, with the count").isEqualTo(1000);
    assertThat(limiter.admit("10.0.0.5")).isZero();
  }

  @Test
  void allSourcesTogetherAreCappedToo() {
    int written = 0;
    for (int i = 0; i < 10_000; i++) {
      if (limiter.admit("10.1." + i / 256 + "." + i % 256) >= 0) {
        written++;
      }
    }
    assertThat(written).isEqualTo(ClientFaults.LINES_IN_ALL);
  }

  @Test
  void brokenOffConnectionsAndBadFramesAreTheClientsFaultOthersAreNot() {
    assertThat(ClientFaults.isClientFault(new IOException("Connection reset by peer"))).isTrue();
    assertThat(ClientFaults.isClientFault(new RuntimeException(new IOException("Broken pipe")))).isTrue();
    assertThat(ClientFaults.isClientFault(new io.vertx.core.json.DecodeException("Failed to decode"))).isTrue();
    assertThat(ClientFaults.isClientFault(new NullPointerException())).isFalse();
    assertThat(ClientFaults.isClientFault(new IOException("No space left on device"))).isFalse();
  }
}
