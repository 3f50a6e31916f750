package io.camstream.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.CameraState;
import io.camstream.testing.Http;
import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The old server's camera routes keep their parameters, conventions and status codes. */
class OldCameraRoutesTest {

  @Test
  void statusIsTheButtonStateBeforeThePress() {
    try (TestServer server = TestServer.start()) {
      assertOk(Http.get(server.url("/grayscale?status=false")));
      assertThat(CameraState.of(server).getBoolean("grayscale")).isTrue();
      assertOk(Http.get(server.url("/grayscale?status=True")));
      assertThat(CameraState.of(server).getBoolean("grayscale")).isFalse();
      assertOk(Http.get(server.url("/grayscale?status=False")));
      assertThat(CameraState.of(server).getBoolean("grayscale")).isTrue();
      // any other value is ignored and still answered 200
      assertOk(Http.get(server.url("/grayscale?status=maybe")));
      assertOk(Http.get(server.url("/grayscale")));
      assertThat(CameraState.of(server).getBoolean("grayscale")).isTrue();

      assertOk(Http.get(server.url("/resolution?status=false")));
      assertThat(CameraState.of(server).getBoolean("halfResolution")).isTrue();
      assertOk(Http.get(server.url("/resolution?status=true")));
      assertThat(CameraState.of(server).getBoolean("halfResolution")).isFalse();
    }
  }

  @Test
  void focusRoutesAnswer403OnACameraThatCannotFocus() {
    try (TestServer server = TestServer.start()) {
      for (String route : new String[] {"/autofocus?status=false", "/autofocus?status=x", "/set_focus?value=0.5",
          "/set_focus?value=abc", "/step_focus?direction=1"}) {
        HttpResponse<String> response = Http.get(server.url(route));
        assertThat(response.statusCode()).as(route).isEqualTo(403);
        assertThat(response.body()).as(route).contains("cannot focus");
      }
      assertThat(CameraState.of(server).getJsonObject("focus").getBoolean("available")).isFalse();
    }
  }

  @Test
  void focusIsClampedSteppedAndTurnsAutofocusOff() {
    try (TestServer server = TestServer.start(Map.of("camera.type", "LiquidLens"))) {
      assertOk(Http.get(server.url("/autofocus?status=false")));
      assertThat(focus(server).getBoolean("autofocus")).isTrue();

      assertOk(Http.get(server.url("/set_focus?value=0.3")));
      assertThat(focus(server).getBoolean("autofocus")).isFalse();
      assertThat(focus(server).getDouble("value")).isEqualTo(0.3);

      assertOk(Http.get(server.url("/set_focus?value=7")));
      assertThat(focus(server).getDouble("value")).isEqualTo(1.0);
      assertOk(Http.get(server.url("/step_focus?direction=3")));
      assertThat(focus(server).getDouble("value")).isEqualTo(1.0);
      assertOk(Http.get(server.url("/step_focus?direction=-0.001")));
      assertThat(focus(server).getDouble("value")).isEqualTo(0.95);
      assertOk(Http.get(server.url("/set_focus?value=-2")));
      assertThat(focus(server).getDouble("value")).isEqualTo(0.0);
      assertOk(Http.get(server.url("/step_focus?direction=-1")));
      assertThat(focus(server).getDouble("value")).isEqualTo(0.0);
      assertOk(Http.get(server.url("/step_focus?direction=1")));
      assertThat(focus(server).getDouble("value")).isEqualTo(0.05);

      assertOk(Http.get(server.url("/autofocus?status=false")));
      assertOk(Http.get(server.url("/step_focus?direction=1")));
      assertThat(focus(server).getBoolean("autofocus")).isFalse();
      assertThat(focus(server).getDouble("value")).isEqualTo(0.1);

      // the old server crashed into 500 on these; now a 400 that says what to fix
      for (String bad : new String[] {"/set_focus?value=abc", "/set_focus", "/set_focus?value=NaN",
          "/step_focus?direction=Infinity", "/step_focus?direction=0"}) {
        HttpResponse<String> response = Http.get(server.url(bad));
        assertThat(response.statusCode()).as(bad).isEqualTo(400);
        assertThat(response.body()).as(bad).containsAnyOf("must be a number", "direction");
      }
      assertThat(focus(server).getDouble("value")).isEqualTo(0.1);
    }
  }

  @Test
  void jsonApiValidatesAndAnswersTheNewState() {
    try (TestServer server = TestServer.start()) {
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
      assertThat(CameraState.of(server).getBoolean("grayscale")).isTrue();
    }
  }

  private static JsonObject focus(TestServer server) {
    // asks the camera itself: /api/state answers from the last published state, which may
    // arrive a moment after the route's answer
    return new io.vertx.core.json.JsonObject(Http.get(server.url("/api/camera")).body()).getJsonObject("focus");
  }

  private static void assertOk(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.uri() + " -> " + response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("200");
  }
}
