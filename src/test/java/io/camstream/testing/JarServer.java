package io.camstream.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

/** A camstream started as a separate process from the packaged jar. */
public final class JarServer {
  private JarServer() {
  }

  /** Waits until the process answers HTTP on {@code port}, failing at once if it exits. */
  public static void awaitUp(int port, Process process) {
    Poll.until(Duration.ofSeconds(90), "the server process to answer on port " + port, () -> {
      assertThat(process.isAlive()).as("server process exited").isTrue();
      try {
        return Http.get("http://127.0.0.1:" + port + "/get_database").statusCode() == 200;
      } catch (IllegalStateException notYet) {
        return false; // not listening yet
      }
    });
  }
}
