package io.camstream.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.CameraState;
import io.camstream.testing.MjpegTestClient;
import io.camstream.testing.Poll;
import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera helper frozen with SIGSTOP (real ffmpeg under the pipe source's sh) is recovered,
 * and no helper outlives a server killed with SIGKILL.
 */
class FrozenHelperTest {
  /** The pipe source's stall time (SourceFactory). */
  private static final int STALL_SECONDS = 10;
  private static final String MARK = "testsrc2=size=160x120:rate=15";
  private static final String FFMPEG = "ffmpeg -hide_banner -loglevel error -re -f lavfi -i " + MARK
      + " -c:v mjpeg -q:v 5 -f mjpeg -";

  @TempDir
  Path dir;

  @Test
  void aStoppedFfmpegIsKilledWithItsGroupNoSignalIsShownAndTheSourceRestarts() throws Exception {
    List<ProcessHandle> frozen = new ArrayList<>();
    try (TestServer server = TestServer.start(Map.of("camera.source", "pipe:" + FFMPEG,
        "camera.retryInitialMillis", "200"));
        MjpegTestClient client = new MjpegTestClient(server.url("/video_feed"))) {
      Poll.until(Duration.ofSeconds(20), "the pipe source streaming", () -> CameraState.of(server),
          s -> "streaming".equals(s.getString("status")));
      ProcessHandle ffmpeg = ffmpegUnder(ProcessHandle.current()).orElseThrow();
      frozen.add(ffmpeg);
      signal("STOP", ffmpeg.pid());

      // read on another thread: while nothing comes the read blocks, and the wait must end
      ExecutorService reader = Executors.newSingleThreadExecutor();
      try {
        Future<Boolean> noSignal = reader.submit(() -> {
          while (!client.next().headers().containsKey("x-no-signal")) {
            // frames still in flight from before the freeze
          }
          return true;
        });
        try {
          noSignal.get(STALL_SECONDS + 3, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          throw new AssertionError("no no-signal picture within the stall time + 3 s of freezing ffmpeg");
        }
      } finally {
        reader.shutdownNow();
      }
      Poll.until(Duration.ofSeconds(5), "the frozen ffmpeg to be gone", () -> alive(ffmpeg.pid()), alive -> !alive);
      JsonObject back = Poll.until(Duration.ofSeconds(20), "streaming again from a new ffmpeg",
          () -> CameraState.of(server), s -> "streaming".equals(s.getString("status")));
      assertThat(back.getLong("restarts")).isGreaterThanOrEqualTo(1);
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
      Poll.until(Duration.ofSeconds(60), "the child server to answer /video_feed", () -> canConnect(feed), ok -> ok);
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
