package io.camstream.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.bus.Demand;
import io.camstream.testing.MjpegTestClient;
import io.camstream.testing.Poll;
import io.camstream.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera helper frozen with SIGSTOP (real ffmpeg under the pipe source's sh) is recovered,
 * and no helper outlives a server killed with SIGKILL.
 */
@ExtendWith(VertxExtension.class)
class FrozenHelperTest {
  /** The pipe source's stall time (SourceFactory). */
  private static final int STALL_SECONDS = 10;
  /** How much later than the stall time the frozen helper may be noticed on a busy machine. */
  private static final Duration STALL_GRACE = Duration.ofSeconds(5);
  private static final String MARK = "testsrc2=size=160x120:rate=15";
  private static final String FFMPEG = "ffmpeg -hide_banner -loglevel error -re -f lavfi -i " + MARK
      + " -c:v mjpeg -q:v 5 -f mjpeg -";

  @TempDir
  Path dir;

  @Test
  void aStoppedFfmpegIsKilledWithItsGroupNoSignalIsShownAndTheSourceRestarts(Vertx vertx) throws Exception {
    List<ProcessHandle> frozen = new ArrayList<>();
    try {
      DeployedCamera camera = DeployedCamera.start(vertx, Map.of("camera.source", "pipe:" + FFMPEG,
          "camera.width", "160", "camera.height", "120", "camera.retryInitialMillis", "200"), Demand.Kind.VIEWER);
      camera.awaitStatus("streaming", Duration.ofSeconds(20));
      ProcessHandle ffmpeg = ffmpegUnder(ProcessHandle.current()).orElseThrow();
      frozen.add(ffmpeg);
      signal("STOP", ffmpeg.pid());
      long stoppedAt = System.nanoTime();

      camera.next("\"no signal\" picture after freezing ffmpeg (the stall time is " + STALL_SECONDS + " s)",
          Duration.ofSeconds(STALL_SECONDS).plus(STALL_GRACE), f -> f.placeholder() && f.captureNanos() > stoppedAt);
      Poll.until(Duration.ofSeconds(5), "the frozen ffmpeg to be gone", () -> alive(ffmpeg.pid()), alive -> !alive);
      JsonObject back = camera.awaitStatus("streaming", Duration.ofSeconds(20));
      assertThat(back.getLong("restarts")).isGreaterThanOrEqualTo(1);
      camera.nextReal(Duration.ofSeconds(20));
      assertThat(ffmpegUnder(ProcessHandle.current()).map(ProcessHandle::pid)).isPresent().get()
          .isNotEqualTo(ffmpeg.pid());
    } finally {
      for (ProcessHandle handle : frozen) {
        handle.destroyForcibly();
      }
    }
  }

  @Test
  void aHelperDiesWithAServerKilledBySigkill() throws Exception {
    int port = TestServer.freePort();
    Path log = dir.resolve("server.log");
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), "io.camstream.Main",
        "--camera", "pipe:" + FFMPEG, "--port", String.valueOf(port), "--auth", "off",
        "--media", dir.resolve("media").toString(), "--set", "server.host=127.0.0.1",
        "--set", "log.dir=" + dir.resolve("logs"), "--set", "camera.idleReleaseSeconds=60");
    Process server = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    ProcessHandle ffmpeg = null;
    try {
      String feed = "http://127.0.0.1:" + port + "/video_feed";
      // a whole JVM starting on a busy 2-core machine (loading OpenCV among the rest) has taken over a minute
      Poll.until(Duration.ofSeconds(150), "the child server to answer /video_feed", () -> {
        if (!server.isAlive()) {
          throw new AssertionError("the child server exited with " + server.exitValue() + "; its log:\n" + readLog(log));
        }
        return canConnect(feed);
      }, ok -> ok);
      try (MjpegTestClient client = new MjpegTestClient(feed)) {
        Optional<ProcessHandle> found = Poll.until(Duration.ofSeconds(20), "ffmpeg under the child server",
            () -> ffmpegUnder(server.toHandle()), Optional::isPresent);
        ffmpeg = found.get();
        // frozen, it cannot die of a broken pipe: only something that kills it ends it
        signal("STOP", ffmpeg.pid());
        server.destroyForcibly();
        assertThat(server.waitFor(10, TimeUnit.SECONDS)).as("the server died of SIGKILL").isTrue();
      }
      long pid = ffmpeg.pid();
      Poll.until(Duration.ofSeconds(5), "ffmpeg " + pid + " to die with its server", () -> alive(pid), alive -> !alive);
    } finally {
      server.destroyForcibly();
      if (ffmpeg != null) {
        ffmpeg.destroyForcibly();
      }
    }
  }

  private static Optional<ProcessHandle> ffmpegUnder(ProcessHandle root) {
    return root.descendants().filter(p -> p.info().commandLine().orElse("").contains(MARK)
        && p.info().command().orElse("").endsWith("ffmpeg")).findFirst();
  }

  private static String readLog(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private static boolean canConnect(String url) {
    try (MjpegTestClient client = new MjpegTestClient(url)) {
      return client.response().statusCode() == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** True while the process exists and is not a zombie. */
  private static boolean alive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"), StandardCharsets.US_ASCII);
      return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException e) {
      return false;
    }
  }

  private static void signal(String name, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).inheritIO().start();
    assertThat(kill.waitFor()).as("kill -%s %d", name, pid).isZero();
  }
}
