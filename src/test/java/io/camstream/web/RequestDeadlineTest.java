package io.camstream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.ClassWideServer;
import io.camstream.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every connection has a deadline for its request: a body that never arrives, a body left
 * unsent after a 401, and a kept-alive connection that sends nothing more are all cut.
 */
class RequestDeadlineTest {
  /** Limit for a cut after 2 s on a busy machine. */
  private static final long CUT_WITHIN_MILLIS = 6_000;

  /**
   * Both body deadlines on one signed-in server (the sign-in form is open to anyone); the
   * idle deadline stays at its 10 s default there, so it cannot be what cuts these.
   */
  @RegisterExtension
  static final ClassWideServer bodyDeadline = ClassWideServer.secured(Map.of("server.bodyTimeoutSeconds", "2"));

  @Test
  void aBodyThatNeverArrivesIsCut() throws Exception {
    assertCut(bodyDeadline.get(), "body never sent", "POST /login HTTP/1.1\r\nHost: x\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 8000\r\n\r\n");
  }

  @Test
  void aBodyLeftUnsentAfterA401IsCut() throws Exception {
    assertCut(bodyDeadline.get(), "401 before the body", "POST /api/camera HTTP/1.1\r\nHost: x\r\n"
        + "Content-Type: application/json\r\nContent-Length: 8000\r\n\r\n");
  }

  @Test
  void anIdleKeptAliveConnectionIsCut() throws Exception {
    try (TestServer server = TestServer.start(Map.of("server.idleTimeoutSeconds", "2"))) {
      assertCut(server, "idle keep-alive", "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    }
  }

  private static void assertCut(TestServer server, String what, String request) throws IOException {
    long millis = millisUntilClosed(server, request);
    System.out.println(what + ": closed after " + millis + " ms");
    assertThat(millis).as(what).isLessThan(CUT_WITHIN_MILLIS);
  }

  /** Sends the text, reads whatever comes back, and returns the milliseconds until the server closes. */
  private static long millisUntilClosed(TestServer server, String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(40_000);
      long start = System.nanoTime();
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      try {
        while (in.read(buffer) >= 0) {
          // answers (a 401, a 200) are read and ignored; the close is what counts
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the connection was still open after 40 s");
      } catch (IOException reset) {
        // a reset is a close too
      }
      return (System.nanoTime() - start) / 1_000_000;
    }
  }
}
