package io.camstream.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Http;
import io.camstream.testing.SharedServer;
import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The old server's camera routes keep their parameters, conventions and status codes. */
class OldCameraRoutesTest {
  /** The test pattern, which cannot focus; the focus test starts a LiquidLens server of its own. */
  @RegisterExtension
  static final SharedServer server = new SharedServer();

  @BeforeEach
  void filtersOff() {
    for (String body : new String[] {"{\"action\":\"grayscale\",\"enabled\":false}",
        "{\"action\":\"resolution\",\"half\":false}"}) {
      assertThat(Http.postJson(server.url("/api/camera"), body).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void statusIsTheButtonStateBeforeThePress() {
    assertOk(Http.get(server.url("/grayscale?status=false")));
    assertThat(camera(server).getBoolean("grayscale")).isTrue();
    assertOk(Http.get(server.url("/grayscale?status=True")));
    assertThat(camera(server).getBoolean("grayscale")).isFalse();
    assertOk(Http.get(server.url("/grayscale?status=False")));
    assertThat(camera(server).getBoolean("grayscale")).isTrue();
    // any other value is ignored and still answered 200
    assertOk(Http.get(server.url("/grayscale?status=maybe")));
    assertOk(Http.get(server.url("/grayscale")));
    assertThat(camera(server).getBoolean("grayscale")).isTrue();

    assertOk(Http.get(server.url("/resolution?status=false")));
    assertThat(camera(server).getBoolean("halfResolution")).isTrue();
    assertOk(Http.get(server.url("/resolution?status=true")));
    assertThat(camera(server).getBoolean("halfResolution")).isFalse();
  }

  @Test
  void focusRoutesAnswer403OnACameraThatCannotFocus() {
    for (String route : new String[] {"/autofocus?status=false", "/autofocus?status=x", "/set_focus?value=0.5",
        "/set_focus?value=abc", "/step_focus?direction=1"}) {
      HttpResponse<String> response = Http.get(server.url(route));
      assertThat(response.statusCode()).as(route).isEqualTo(403);
      assertThat(response.body()).as(route).contains("cannot focus");
    }
    assertThat(camera(server).getJsonObject("focus").getBoolean("available")).isFalse();
  }

  @Test
  void focusIsClampedSteppedAndTurnsAutofocusOff() {
    try (TestServer lens = TestServer.start(Map.of("camera.type", "LiquidLens"))) {
      assertOk(Http.get(lens.url("/autofocus?status=false")));
      assertThat(camera(lens).getJsonObject("focus").getBoolean("autofocus")).isTrue();

      assertOk(Http.get(lens.url("/set_focus?value=0.3")));
      assertThat(camera(lens).getJsonObject("focus").getBoolean("autofocus")).isFalse();
      assertThat(camera(lens).getJsonObject("focus").getDouble("value")).isEqualTo(0.3);

      assertOk(Http.get(lens.url("/set_focus?value=7")));
      assertThat(camera(lens).getJsonObject("focus").getDouble("value")).isEqualTo(1.0);
      assertOk(Http.get(lens.url("/step_focus?direction=3")));
      assertThat(camera(lens).getJsonObject("focus").getDouble("value")).isEqualTo(1.0);
      assertOk(Http.get(lens.url("/step_focus?direction=-0.001")));
      assertThat(camera(lens).getJsonObject("focus").getDouble("value")).isEqualTo(0.95);
      assertOk(Http.get(lens.url("/set_focus?value=-2")));
      assertThat(camera(lens).getJsonObject("focus").getDouble("value")).isEqualTo(0.0);
      assertOk(Http.get(lens.url("/step_focus?direction=-1")));
      assertThat(camera(lens).getJsonObject("focus").getDouble("value")).isEqualTo(0.0);
      assertOk(Http.get(lens.url("/step_focus?direction=1")));
      assertThat(camera(lens).getJsonObject("focus").getDouble("value")).isEqualTo(0.05);

      assertOk(Http.get(lens.url("/autofocus?status=false")));
      assertOk(Http.get(lens.url("/step_focus?direction=1")));
      assertThat(camera(lens).getJsonObject("focus").getBoolean("autofocus")).isFalse();
      assertThat(camera(lens).getJsonObject("focus").getDouble("value")).isEqualTo(0.1);

      // the old server crashed into 500 on these; now a 400 that says what to fix
      for (String bad : new String[] {"/set_focus?value=abc", "/set_focus", "/set_focus?value=NaN",
          "/step_focus?direction=Infinity", "/step_focus?direction=0"}) {
        HttpResponse<String> response = Http.get(lens.url(bad));
        assertThat(response.statusCode()).as(bad).isEqualTo(400);
        assertThat(response.body()).as(bad).containsAnyOf("must be a number", "direction");
      }
      assertThat(camera(lens).getJsonObject("focus").getDouble("value")).isEqualTo(0.1);
    }
  }

  @Test
  void jsonApiValidatesAndAnswersTheNewState() {
    HttpResponse<String> ok = Http.postJson(server.url("/api/camera"), "{\"action\":\"grayscale\",\"enabled\":true}");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(ok.body()).getBoolean("grayscale")).isTrue();

    HttpResponse<String> bad = Http.postJson(server.url("/api/camera"), "{\"action\":\"grayscale\",\"enabled\":\"yes\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(bad.body()).getString("error")).contains("\"enabled\" must be true or false");

    HttpResponse<String> unknown = Http.postJson(server.url("/api/camera"), "{\"action\":\"zoom\"}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("unknown camera action");

    assertThat(Http.postJson(server.url("/api/camera"), "not json").statusCode()).isEqualTo(400);
    assertThat(Http.postJson(server.url("/api/camera"), "[1,2]").statusCode()).isEqualTo(400);
    assertThat(Http.postJson(server.url("/api/camera"), "{\"action\":\"focus\",\"value\":0.5}").statusCode()).isEqualTo(403);
    assertThat(camera(server).getBoolean("grayscale")).isTrue();
  }

  /** Asks the camera itself (GET /api/camera), so the answer includes the change a route just made. */
  private static JsonObject camera(SharedServer server) {
    return camera(server.url("/api/camera"));
  }

  private static JsonObject camera(TestServer lens) {
    return camera(lens.url("/api/camera"));
  }

  private static JsonObject camera(String url) {
    HttpResponse<String> response = Http.get(url);
    assertThat(response.statusCode()).as(url + " -> " + response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private static void assertOk(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.uri() + " -> " + response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("200");
  }
}
