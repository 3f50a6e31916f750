package io.camstream.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_OPENCV_MJPEG;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FPS;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FRAME_COUNT;

import io.camstream.testing.Http;
import io.camstream.testing.JarServer;
import io.camstream.testing.Poll;
import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_videoio.VideoCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end in real time: the packaged server records its 30 fps test camera for one
 * minute (stopped by recording.maxSeconds) with nobody watching; OpenCV and ffprobe read
 * the file back.
 */
class RecordingMinuteIT {
  @TempDir
  Path work;

  @Test
  void aOneMinuteRecordingOfTheLiveCameraHasEighteenHundredFramesAndSixtySeconds() throws Exception {
    Path media = work.resolve("media");
    int port = TestServer.freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process server = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", System.getProperty("camstream.jar", "target/camstream.jar"),
        "--auth", "off", "--camera", "test", "--port", String.valueOf(port), "--media", media.toString(),
        "--set", "server.host=127.0.0.1", "--set", "camera.width=320", "--set", "camera.height=240",
        "--set", "camera.fps=30", "--set", "recording.maxSeconds=60", "--set", "recording.minFreeMegabytes=0",
        "--set", "log.dir=" + work.resolve("logs")))
        .redirectErrorStream(true).redirectOutput(work.resolve("server.log").toFile()).directory(new File(work.toString()))
        .start();
    try {
      JarServer.awaitUp(port, server);
      assertThat(Http.get(url(port, "/video_capture?status=false&filename=minute")).body()).isEqualTo("200");
      JsonObject state = Poll.until(Duration.ofSeconds(180), "the recording to stop by itself and be listed",
          () -> new JsonObject(Http.get(url(port, "/api/recording")).body()),
          s -> !s.getBoolean("recording") && Http.get(url(port, "/get_database")).body().contains("minute.avi"));
      assertThat(state.getString("lastStopReason")).contains("maxSeconds");

      Path file = media.resolve("minute.avi");
      try (VideoCapture capture = new VideoCapture(file.toString(), CAP_OPENCV_MJPEG)) {
        double frames = capture.get(CAP_PROP_FRAME_COUNT);
        double fps = capture.get(CAP_PROP_FPS);
        // every second of the minute is in the file, but for the part of a camera outage over
        // five seconds, which the recording leaves out and says so (0 unless the machine starved
        // the camera that long, as a CI machine running four builds at once once did)
        double leftOut = state.getDouble("lastSecondsLeftOut");
        assertThat(frames).as("recording state " + state.encode()).isCloseTo(30 * (60 - leftOut), within(2.0));
        assertThat(frames / fps).isCloseTo(60 - leftOut, within(0.5));
        assertThat(RecordingTest.ffprobe(file, "nb_read_packets")).isCloseTo(30 * (60 - leftOut), within(2.0));
        assertThat(RecordingTest.ffprobe(file, "duration")).isCloseTo(60 - leftOut, within(0.5));
      }
    } catch (AssertionError e) {
      // the server's own account of the minute (camera stalls, restarts) goes with the failure
      throw new AssertionError(e.getMessage() + "\nserver log:\n" + Files.readString(work.resolve("server.log")), e);
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static String url(int port, String path) {
    return "http://127.0.0.1:" + port + path;
  }
}
