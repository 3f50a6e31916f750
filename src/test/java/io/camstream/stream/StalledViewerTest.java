package io.camstream.stream;

import io.camstream.testing.Poll;
import io.camstream.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Viewers that stop reading must cost the server nothing once they are cut off: the kernel
 * is asked from outside (iproute2's {@code ss}), not the server's own viewer list. Nothing
 * but the stall rule can close these sockets within the deadline (the idle timeout is set far
 * beyond it), so the deadline is generous and the test holds on a busy machine; how fast the
 * cut comes is the benchmark's business.
 */
class StalledViewerTest {
  private static final int STALL_SECONDS = 2;
  private static final int IDLE_TIMEOUT_SECONDS = 600;

  @Test
  void stalledViewersSocketsAreCutByTheStallRule() throws Exception {
    try (TestServer server = TestServer.start(Map.of(
        "camera.width", "1280", "camera.height", "720", "camera.quality", "95",
        "server.idleTimeoutSeconds", String.valueOf(IDLE_TIMEOUT_SECONDS),
        "server.viewerStallSeconds", String.valueOf(STALL_SECONDS)))) {
      List<Socket> stalled = new ArrayList<>();
      try {
        for (int i = 0; i < 20; i++) {
          Socket socket = new Socket();
          socket.setReceiveBufferSize(4096);
          socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
          OutputStream out = socket.getOutputStream();
          out.write("GET /video_feed HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          stalled.add(socket);
        }
        // the stall starts when the kernel's send queues are full: nothing more goes out
        Poll.until(Duration.ofSeconds(20), "all 20 stalled viewers' kernel send queues to be full (Send-Q)",
            () -> serverSideConnections(server.port()),
            lines -> lines.size() == 20 && lines.stream().allMatch(line -> sendQueueBytes(line) > 200_000));
        Poll.until(Duration.ofSeconds(60), "the server's side of the stalled viewers' connections to be gone"
            + " (cut " + STALL_SECONDS + " s after their stall; nothing else closes them this soon)",
            () -> serverSideConnections(server.port()), List::isEmpty);
      } finally {
        for (Socket socket : stalled) {
          socket.close();
        }
      }
    }
  }

  /** Send-Q of an ss line: State Recv-Q Send-Q Local Peer. */
  private static long sendQueueBytes(String line) {
    return Long.parseLong(line.split("\\s+")[2]);
  }

  /** The server's end of every TCP connection on its port in any state but LISTEN, as ss lists it. */
  static List<String> serverSideConnections(int port) {
    try {
      Process ss = new ProcessBuilder("ss", "-tnH", "state", "all", "( sport = :" + port + " )")
          .redirectErrorStream(true).start();
      String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (ss.waitFor() != 0) {
        throw new AssertionError("ss failed: " + out);
      }
      List<String> lines = new ArrayList<>();
      for (String line : out.split("\n")) {
        if (!line.isBlank() && !line.startsWith("LISTEN")) {
          lines.add(line.trim());
        }
      }
      return lines;
    } catch (IOException e) {
      throw new AssertionError("ss (Debian package iproute2) is needed; run bash .ci/run, which installs it: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
