package io.camstream.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_OPENCV_MJPEG;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FRAME_COUNT;

import io.camstream.testing.Http;
import io.camstream.testing.JarServer;
import io.camstream.testing.Poll;
import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_videoio.VideoCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills the packaged server with SIGKILL mid-recording; the next start repairs and lists the file. */
class RecordingCrashIT {
  @TempDir
  Path work;

  @Test
  void aRecordingCutByAKillIsPlayableAndListedAfterTheRestart() throws Exception {
    Path media = work.resolve("media");
    int port = TestServer.freePort();
    Process first = launch(media, port, work.resolve("first.log"));
    try {
      awaitUp(port, first);
      assertThat(Http.get(url(port, "/video_capture?status=false&filename=cut")).body()).isEqualTo("200");
      poll(port, "/api/recording", s -> new JsonObject(s).getLong("frames", 0L) >= 45);
    } finally {
      first.destroyForcibly();
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(media.resolve(".cut.avi.recording")).as("the crash left its marker").exists();

    Process second = launch(media, port, work.resolve("second.log"));
    try {
      awaitUp(port, second);
      String listed = poll(port, "/get_database", s -> s.contains("cut.avi"));
      assertThat(new JsonArray(listed).getJsonObject(0).getString("filename")).isEqualTo("cut.avi");
      JsonObject item = new JsonObject(Http.get(url(port, "/api/media/cut.avi")).body());
      assertThat(item.getLong("frames")).isGreaterThanOrEqualTo(45);
      Path file = media.resolve("cut.avi");
      try (VideoCapture capture = new VideoCapture(file.toString(), CAP_OPENCV_MJPEG); Mat picture = new Mat()) {
        assertThat(capture.get(CAP_PROP_FRAME_COUNT)).isEqualTo(item.getLong("frames").doubleValue());
        int decoded = 0;
        while (capture.read(picture) && !picture.empty()) {
          decoded++;
        }
        assertThat(decoded).isEqualTo(item.getLong("frames").intValue());
      }
      assertThat(RecordingTest.ffprobe(file, "nb_read_packets")).isEqualTo(item.getLong("frames").doubleValue());
      assertThat(media.resolve(".cut.avi.recording")).doesNotExist();
    } finally {
      second.destroy();
      second.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void sigtermFinalisesTheRecordingAndListsItBeforeExiting() throws Exception {
    Path media = work.resolve("media");
    int port = TestServer.freePort();
    Process server = launch(media, port, work.resolve("stop.log"));
    try {
      awaitUp(port, server);
      assertThat(Http.get(url(port, "/video_capture?status=false&filename=stopped")).body()).isEqualTo("200");
      poll(port, "/api/recording", s -> new JsonObject(s).getLong("frames", 0L) >= 30);
    } finally {
      server.destroy();
    }
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("exits on SIGTERM").isTrue();
    assertThat(media.resolve(".stopped.avi.recording")).as("finished, not left for repair").doesNotExist();
    // the database was closed cleanly and lists the recording; the db command reads it offline
    Process list = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        System.getProperty("camstream.jar", "target/camstream.jar"), "db", "--list", "--media", media.toString())
        .redirectErrorStream(true).start();
    String listing = new String(list.getInputStream().readAllBytes());
    assertThat(list.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(listing).contains("stopped.avi");
    try (VideoCapture capture = new VideoCapture(media.resolve("stopped.avi").toString(), CAP_OPENCV_MJPEG)) {
      assertThat(capture.get(CAP_PROP_FRAME_COUNT)).isGreaterThanOrEqualTo(30.0);
    }
    assertThat(RecordingTest.ffprobe(media.resolve("stopped.avi"), "nb_read_packets")).isGreaterThanOrEqualTo(30.0);
    assertThat(Files.readString(work.resolve("stop.log"))).contains("camstream stopping");
  }

  private static Process launch(Path media, int port, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jar = System.getProperty("camstream.jar", "target/camstream.jar");
    return new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar, "--auth", "off", "--camera", "test", "--port", String.valueOf(port),
        "--media", media.toString(), "--set", "server.host=127.0.0.1", "--set", "camera.width=320",
        "--set", "camera.height=240", "--set", "recording.minFreeMegabytes=0",
        "--set", "log.dir=" + log.getParent().resolve("logs")))
        .redirectErrorStream(true).redirectOutput(log.toFile()).directory(new File(log.getParent().toString())).start();
  }

  private static void awaitUp(int port, Process process) {
    JarServer.awaitUp(port, process);
  }

  private static String poll(int port, String path, Predicate<String> done) {
    return Poll.until(Duration.ofSeconds(60), path + " to become ready", () -> Http.get(url(port, path)).body(), done);
  }

  private static String url(int port, String path) {
    return "http://127.0.0.1:" + port + path;
  }
}
