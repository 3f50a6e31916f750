package io.camstream.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_OPENCV_MJPEG;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FPS;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FRAME_COUNT;

import io.camstream.testing.Http;
import io.camstream.testing.Poll;
import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.bytedeco.opencv.opencv_videoio.VideoCapture;
import org.junit.jupiter.api.Test;

/**
 * Recording through the old routes on a whole server, with nobody watching the stream. (The
 * recorder's own stop on a low disk is DiskLowRecordingTest, on the recording verticle alone.)
 */
class RecordingRoutesTest {
  @Test
  void theOldRoutesStartAndStopARecordingThatHoldsTheCameraOpen() throws Exception {
    try (TestServer server = TestServer.start()) {
      assertThat(Http.get(server.url("/video_capture?status=maybe&filename=x")).body()).isEqualTo("200");
      assertThat(Http.get(server.url("/video_capture?status=false&filename=garden%20clip&date=2024-05-01")).body())
          .isEqualTo("200");
      assertThat(Http.get(server.url("/video_capture?status=false&filename=other")).statusCode()).isEqualTo(409);
      // no viewer: only the recording's demand keeps the camera running
      Poll.until(Duration.ofSeconds(30), "60 frames recorded", () -> new JsonObject(Http.get(server.url("/api/recording")).body()),
          s -> s.getLong("frames", 0L) >= 60);
      JsonObject state;
      assertThat(new JsonArray(Http.get(server.url("/get_database")).body())).as("listed only when finished").isEmpty();

      assertThat(Http.get(server.url("/video_capture?status=true")).body()).isEqualTo("200");
      state = new JsonObject(Http.get(server.url("/api/recording")).body());
      assertThat(state.getBoolean("recording")).isFalse();
      long frames = state.getLong("lastFrames");
      assertThat(new JsonArray(Http.get(server.url("/get_database")).body()))
          .containsExactly(new JsonObject().put("date", "2024-05-01").put("filename", "garden_clip.avi"));

      Path file = server.mediaDir().resolve("garden_clip.avi");
      double fps;
      try (VideoCapture capture = new VideoCapture(file.toString(), CAP_OPENCV_MJPEG)) {
        assertThat(capture.get(CAP_PROP_FRAME_COUNT)).isEqualTo(frames);
        // the test pattern runs at about 30 fps; the file's rate is what was really captured
        fps = capture.get(CAP_PROP_FPS);
        assertThat(fps).isPositive().isLessThanOrEqualTo(35.0);
      }
      JsonObject item = new JsonObject(Http.get(server.url("/api/media/garden_clip.avi")).body());
      assertThat(item.getLong("frames")).isEqualTo(frames);
      assertThat(item.getDouble("durationSeconds")).isCloseTo(frames / fps, within(0.01));
    }
  }
}
