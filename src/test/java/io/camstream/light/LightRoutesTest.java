package io.camstream.light;

import static io.camstream.light.LightTesting.getJson;
import static io.camstream.light.LightTesting.ok;
import static io.camstream.light.LightTesting.post;
import static io.camstream.light.LightTesting.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.bus.Addresses;
import io.camstream.testing.Http;
import io.camstream.testing.SharedServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The old routes' semantics and the JSON API, on the simulated light. */
class LightRoutesTest {
  @RegisterExtension
  static final SharedServer server = new SharedServer(Map.of("light.type", "simulated"));

  private static JsonObject light() {
    return getJson(server.url("/api/light"));
  }

  private static void assertLight(boolean on, String color, int brightness, String output) {
    JsonObject state = light();
    assertThat(state.getBoolean("on")).as("on in %s", state).isEqualTo(on);
    assertThat(state.getString("color")).as("color in %s", state).isEqualTo(color);
    assertThat(state.getInteger("brightness")).as("brightness in %s", state).isEqualTo(brightness);
    assertThat(state.getString("output")).as("output in %s", state).isEqualTo(output);
  }

  @Test
  void offThenOnRestoresTheLastColorOrWhite() {
    ok(server.url("/set_brightness?value=255"));
    ok(server.url("/set_color?value=ff8800"));
    assertLight(true, "FF8800", 255, "FF8800");
    ok(server.url("/light?status=true"));
    assertLight(false, "FF8800", 255, "000000");
    ok(server.url("/light?status=false"));
    assertLight(true, "FF8800", 255, "FF8800");
    ok(server.url("/light?status=False"));
    assertLight(true, "FF8800", 255, "FF8800");

    ok(server.url("/set_color?value=000000"));
    assertLight(true, "000000", 255, "000000");
    ok(server.url("/light?status=True"));
    ok(server.url("/light?status=false"));
    assertLight(true, "FFFFFF", 255, "FFFFFF");

    ok(server.url("/light?status=maybe"));
    ok(server.url("/light"));
    assertLight(true, "FFFFFF", 255, "FFFFFF");
  }

  @Test
  void brightnessOutsideZeroTo255IsIgnored() {
    ok(server.url("/set_color?value=FF0000"));
    ok(server.url("/set_brightness?value=128"));
    assertLight(true, "FF0000", 128, "800000");
    for (String bad : List.of("256", "-1", "abc", "12.5", "")) {
      ok(server.url("/set_brightness?value=" + bad));
    }
    ok(server.url("/set_brightness"));
    assertLight(true, "FF0000", 128, "800000");
    ok(server.url("/set_brightness?value=0"));
    assertLight(true, "FF0000", 0, "000000");
    ok(server.url("/set_brightness?value=255"));
  }

  @Test
  void colorShorterThanSixIsIgnoredAndLongerUsesTheFirstSix() {
    ok(server.url("/set_brightness?value=255"));
    ok(server.url("/set_color?value=123456"));
    ok(server.url("/set_color?value=12345"));
    ok(server.url("/set_color"));
    assertLight(true, "123456", 255, "123456");
    ok(server.url("/set_color?value=00ff00ABCDEF"));
    assertLight(true, "00FF00", 255, "00FF00");
    ok(server.url("/set_color?value=GGGGGG"));
    assertLight(true, "00FF00", 255, "00FF00");
    ok(server.url("/light?status=true"));
    ok(server.url("/set_color?value=0000FF"));
    assertLight(true, "0000FF", 255, "0000FF");
  }

  @Test
  void theJsonApiValidatesWith400s() {
    String api = server.url("/api/light");
    for (String bad : List.of(
        "{\"action\":\"color\",\"value\":\"12345\"}",
        "{\"action\":\"color\",\"value\":\"1234567\"}",
        "{\"action\":\"color\",\"value\":\"GG0000\"}",
        "{\"action\":\"color\",\"value\":123456}",
        "{\"action\":\"brightness\",\"value\":256}",
        "{\"action\":\"brightness\",\"value\":-1}",
        "{\"action\":\"brightness\",\"value\":1.5}",
        "{\"action\":\"brightness\",\"value\":\"12\"}",
        "{\"action\":\"power\"}",
        "{\"action\":\"power\",\"on\":\"yes\"}",
        "{\"action\":\"dance\"}",
        "{\"value\":1}",
        "not json")) {
      HttpResponse<String> response = Http.postJson(api, bad);
      assertThat(response.statusCode()).as("POST %s: %s", bad, response.body()).isEqualTo(400);
      assertThat(new JsonObject(response.body()).getString("error")).isNotBlank();
    }
    JsonObject state = post(api, "{\"action\":\"brightness\",\"value\":51}");
    assertThat(state.getInteger("brightness")).isEqualTo(51);
    state = post(api, "{\"action\":\"color\",\"value\":\"ffffff\"}");
    assertThat(state.getString("output")).isEqualTo("333333");
    state = post(api, "{\"action\":\"power\",\"on\":false}");
    assertThat(state.getBoolean("on")).isFalse();
    assertThat(state.getString("driver")).isEqualTo("simulated");
    assertThat(state.getBoolean("online")).isTrue();
    post(api, "{\"action\":\"brightness\",\"value\":255}");
  }

  @Test
  void everyChangeIsPublishedAsWholeStateAndShownInApiState() {
    List<JsonObject> published = new CopyOnWriteArrayList<>();
    var consumer = server.vertx().eventBus().<JsonObject>consumer(Addresses.LIGHT_STATE, m -> published.add(m.body()));
    try {
      until("the state consumer is registered", consumer::isRegistered);
      ok(server.url("/set_color?value=0A0B0C"));
      until("the new state is published", () -> published.stream().anyMatch(s -> "0A0B0C".equals(s.getString("color"))));
      JsonObject last = published.get(published.size() - 1);
      assertThat(last.fieldNames()).contains("driver", "online", "on", "color", "brightness");

      JsonObject light = getJson(server.url("/api/state")).getJsonObject("light");
      assertThat(light.getString("driver")).isEqualTo("simulated");
      assertThat(light.getString("color")).isEqualTo("0A0B0C");
      assertThat(light.getBoolean("on")).isTrue();
      assertThat(light.getBoolean("online")).isTrue();
    } finally {
      consumer.unregister();
    }
  }

  @Test
  void controllerDataNeedsASerialController() {
    HttpResponse<String> response = Http.get(server.url("/get_controller_data"));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("trinket");
  }
}
