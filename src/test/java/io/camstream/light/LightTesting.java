package io.camstream.light;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Http;
import io.camstream.testing.Poll;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/** Small helpers shared by the light tests. */
final class LightTesting {
  static final Duration PATIENCE = Duration.ofSeconds(20);

  private LightTesting() {
  }

  static JsonObject getJson(String url) {
    HttpResponse<String> response = Http.get(url);
    assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  static JsonObject post(String url, String json) {
    HttpResponse<String> response = Http.postJson(url, json);
    assertThat(response.statusCode()).as("POST %s %s: %s", url, json, response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  static void ok(String url) {
    HttpResponse<String> response = Http.get(url);
    assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("200");
  }

  /** Polls until the condition holds, failing with the description after a generous deadline. */
  static void until(String description, Supplier<Boolean> condition) {
    Poll.until(PATIENCE, description, condition::get);
  }
}
