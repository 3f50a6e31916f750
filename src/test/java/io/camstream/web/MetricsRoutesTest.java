package io.camstream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Http;
import io.camstream.testing.MjpegTestClient;
import io.camstream.testing.Poll;
import io.camstream.testing.SharedServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MetricsRoutesTest {
  @RegisterExtension
  static final SharedServer server = new SharedServer();

  @Test
  void countsWhatViewersGetInPrometheusFormat() throws Exception {
    try (MjpegTestClient client = new MjpegTestClient(server.url("/video_feed"))) {
      for (int i = 0; i < 10; i++) {
        client.next();
      }
      // the camera reports its counters once a second: poll until they show this viewer
      String text = pollUntil(t -> value(t, "camstream_viewers") >= 1 && value(t, "camstream_frames_captured_total") >= 10);
      assertThat(value(text, "camstream_frames_served_total")).isGreaterThanOrEqualTo(10);
      assertThat(value(text, "camstream_frames_encoded_total")).as("the test pattern is encoded by the server")
          .isGreaterThanOrEqualTo(10);
      assertThat(value(text, "camstream_frame_send_latency_seconds_count")).isGreaterThanOrEqualTo(10);
      assertThat(text).contains("camstream_frame_send_latency_seconds_bucket{le=\"0.05\"}");
      assertThat(text).contains("camstream_camera_restarts_total{camera=\"default\"} 0.0");
      assertThat(value(text, "camstream_frames_dropped_total")).isGreaterThanOrEqualTo(0);
      // Vert.x's own meters and the JVM's land in the same registry
      assertThat(value(text, "vertx_eventbus_handlers")).as("event-bus consumers").isGreaterThan(0);
      assertThat(text).contains("jvm_memory_used_bytes");
    }
    String after = pollUntil(t -> value(t, "camstream_viewer_frames_dropped_count") >= 1);
    assertThat(after).contains("camstream_viewer_frames_dropped_bucket{le=\"0.5\"}");
  }

  private static String pollUntil(java.util.function.Predicate<String> done) {
    return Poll.until(Duration.ofSeconds(20), "the expected values in /metrics", () -> {
      HttpResponse<String> response = Http.get(server.url("/metrics"));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
      return response.body();
    }, done);
  }

  /** The value of an unlabelled sample, or -1 when it is missing. */
  static double value(String text, String name) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }
}
