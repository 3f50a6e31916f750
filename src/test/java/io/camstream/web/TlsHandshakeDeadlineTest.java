package io.camstream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.SecuredServer;
import io.camstream.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Under TLS, a handshake that never completes is cut after server.headerTimeoutSeconds. */
class TlsHandshakeDeadlineTest {
  private static final long DEADLINE_MILLIS = 2000;
  /** A TLS record header announcing a 512-byte ClientHello, and only its first bytes. */
  private static final byte[] PARTIAL_CLIENT_HELLO = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc,
      0x03, 0x03, 1, 2, 3, 4, 5, 6, 7, 8};

  @TempDir
  Path dir;

  @Test
  void aSilentConnectionAndAPartialClientHelloAreCutAfterTheDeadlineNotBefore() throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        "-subj", "/CN=127.0.0.1", "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
    String output = new String(openssl.getInputStream().readAllBytes());
    assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(openssl.exitValue()).as(output).isZero();
    try (TestServer server = SecuredServer.start(dir, Map.of("server.tlsCertFile", cert.toString(),
        "server.tlsKeyFile", key.toString(), "server.headerTimeoutSeconds", String.valueOf(DEADLINE_MILLIS / 1000.0)))) {
      for (byte[] sent : new byte[][] {new byte[0], PARTIAL_CLIENT_HELLO}) {
        long open = millisUntilClosed(server.port(), sent);
        System.out.printf("a TLS connection that sent %d bytes of a ClientHello was closed after %d ms (deadline %d ms)%n",
            sent.length, open, DEADLINE_MILLIS);
        assertThat(open).as("ms a connection that sent %d bytes stayed open", sent.length)
            .isGreaterThanOrEqualTo(DEADLINE_MILLIS);
      }
    }
  }

  /** Connects, sends the bytes, then reads until the server closes; fails when it has not within 30 s. */
  private static long millisUntilClosed(int port, byte[] sent) throws IOException {
    try (Socket socket = new Socket()) {
      long start = System.nanoTime();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(sent);
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      try {
        while (in.read() >= 0) {
          // an alert may come before the close
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the server kept an unfinished TLS handshake open for 30 s", e);
      } catch (IOException reset) {
        // a reset closes it too
      }
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
  }
}
