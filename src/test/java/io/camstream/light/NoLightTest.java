package io.camstream.light;

import static io.camstream.light.LightTesting.getJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Http;
import io.camstream.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoLightTest {
  @Test
  void everyLightRouteAnswers403WithoutALight() {
    try (TestServer server = TestServer.start()) {
      for (String path : List.of("/light?status=false", "/light?status=true", "/light?status=maybe",
          "/set_brightness?value=10", "/set_brightness?value=abc", "/set_color?value=FF0000",
          "/set_color?value=1", "/get_controller_data", "/api/light")) {
        HttpResponse<String> response = Http.get(server.url(path));
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(403);
        assertThat(response.body()).as(path).contains("light.type");
      }
      HttpResponse<String> post = Http.postJson(server.url("/api/light"), "{\"action\":\"power\",\"on\":true}");
      assertThat(post.statusCode()).isEqualTo(403);
      assertThat(getJson(server.url("/api/state")).getValue("light")).isNull();
    }
  }
}
