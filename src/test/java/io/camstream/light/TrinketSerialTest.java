package io.camstream.light;

import static io.camstream.light.LightTesting.getJson;
import static io.camstream.light.LightTesting.ok;
import static io.camstream.light.LightTesting.post;
import static io.camstream.light.LightTesting.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Http;
import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrinketSerialTest {
  @BeforeEach
  void reset() {
    RecordingDeviceFactory.reset();
  }

  private static TestServer trinket() {
    return TestServer.start(Map.of("light.type", "trinket", "light.tty", "/dev/ttyTEST7", "light.baud", "115200",
        "light.retryInitialMillis", "50", "light.retryMaxMillis", "200"));
  }

  @Test
  void everyChangeSendsTheScaledColorThenTheBrightnessAsHex() {
    try (TestServer server = trinket()) {
      assertThat(RecordingDeviceFactory.lastSerialPort()).isEqualTo("/dev/ttyTEST7");
      assertThat(RecordingDeviceFactory.lastBaud()).isEqualTo(115200);
      // the restored state at start: off (black) at full brightness
      assertThat(RecordingDeviceFactory.serialWrittenText()).isEqualTo("000000FF");

      ok(server.url("/set_color?value=FF8800"));
      ok(server.url("/set_brightness?value=128"));
      ok(server.url("/light?status=true"));
      ok(server.url("/light?status=false"));
      post(server.url("/api/light"), "{\"action\":\"color\",\"value\":\"00ff01\"}");
      ok(server.url("/set_brightness?value=0"));

      assertThat(RecordingDeviceFactory.serialWrittenText()).isEqualTo(
          "000000FF"
              + "FF8800FF"
              + "80440080" // FF*128/255 = 80, 88*128/255 = 44.3 -> 44
              + "00000080" // off: black, the brightness stays
              + "80440080" // on again: the last color
              + "00800180" // FF*128/255 = 80, 01*128/255 = 0.502 -> 01 (rounded to nearest)
              + "00000000");
    }
  }

  @Test
  void theNewestLineFromTheControllerIsServed() {
    try (TestServer server = trinket()) {
      String url = server.url("/get_controller_data");
      assertThat(Http.get(url).statusCode()).isEqualTo(200);
      assertThat(Http.get(url).body()).as("nothing received yet").isEmpty();

      RecordingDeviceFactory.controllerSends("temp=21.5\r\nhumidity=40\n");
      until("the newest line is served", () -> Http.get(url).body().equals("humidity=40"));
      RecordingDeviceFactory.controllerSends("temp=22");
      RecordingDeviceFactory.controllerSends(".0\n\n");
      until("a line sent in pieces is served whole", () -> Http.get(url).body().equals("temp=22.0"));
      assertThat(getJson(server.url("/api/light")).getString("controllerData")).isEqualTo("temp=22.0");
    }
  }

  @Test
  void aPortThatGoesAwayIsNoticedByTheReaderAndReopened() {
    try (TestServer server = trinket()) {
      String api = server.url("/api/light");
      post(api, "{\"action\":\"color\",\"value\":\"112233\"}");
      int opens = RecordingDeviceFactory.serialOpens();

      RecordingDeviceFactory.fail("Input/output error");
      until("the reader notices the port is gone", () -> !getJson(api).getBoolean("online"));
      JsonObject state = getJson(api);
      assertThat(state.getString("reason")).contains("/dev/ttyTEST7", "Input/output error", "dialout");

      int written = RecordingDeviceFactory.serialWritten().length;
      RecordingDeviceFactory.recover();
      until("the port is reopened", () -> getJson(api).getBoolean("online"));
      assertThat(RecordingDeviceFactory.serialOpens()).isGreaterThan(opens);
      assertThat(RecordingDeviceFactory.serialWrittenText().substring(written))
          .as("the current state is sent again after reopening").isEqualTo("112233FF");

      RecordingDeviceFactory.controllerSends("back\n");
      until("the new reader reads", () -> Http.get(server.url("/get_controller_data")).body().equals("back"));
    }
  }
}
