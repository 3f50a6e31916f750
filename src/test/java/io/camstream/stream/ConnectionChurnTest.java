package io.camstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Http;
import io.camstream.testing.Poll;
import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Thousands of short viewer connections, a third of them reset, leave nothing behind. */
class ConnectionChurnTest {

  @Test
  void shortAndResetConnectionsLeaveFilesAndMemoryAtBaseline() throws Exception {
    try (TestServer server = TestServer.start()) {
      churn(server, 300);
      long baseFiles = openFiles();
      long baseHeap = usedHeapAfterGc();

      AtomicInteger failures = new AtomicInteger();
      churnCounting(server, 3000, failures);
      assertThat(failures.get()).as("connections that could not get a first frame").isLessThan(30);

      Poll.until(Duration.ofSeconds(20), "all viewers gone",
          () -> new JsonObject(Http.get(server.url("/api/viewers")).body()).getInteger("count"), n -> n == 0);
      long files = Poll.until(Duration.ofSeconds(20), "open files back at baseline",
          ConnectionChurnTest::openFiles, n -> n <= baseFiles + 10);
      assertThat(files).isLessThanOrEqualTo(baseFiles + 10);
      assertThat(usedHeapAfterGc()).as("heap after GC (baseline %d)", baseHeap).isLessThan(baseHeap + 32L * 1024 * 1024);
      assertThat(Http.get(server.url("/health")).statusCode()).isEqualTo(200);
    }
  }

  private static void churn(TestServer server, int count) throws Exception {
    churnCounting(server, count, new AtomicInteger());
  }

  private static void churnCounting(TestServer server, int count, AtomicInteger failures) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    for (int i = 0; i < count; i++) {
      boolean reset = i % 3 == 0;
      pool.submit(() -> {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
          socket.setSoTimeout(10_000);
          OutputStream out = socket.getOutputStream();
          out.write("GET /video_feed HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          InputStream in = socket.getInputStream();
          byte[] buf = new byte[2048];
          int total = 0;
          while (total < 1024) {
            int n = in.read(buf);
            if (n < 0) {
              break;
            }
            total += n;
          }
          if (total < 1024) {
            failures.incrementAndGet();
          }
          if (reset) {
            socket.setSoLinger(true, 0);
          }
        } catch (Exception e) {
          failures.incrementAndGet();
        }
      });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
  }

  static long openFiles() {
    String[] fds = new File("/proc/self/fd").list();
    return fds == null ? -1 : fds.length;
  }

  static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    var memory = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return memory.getUsed();
  }
}
