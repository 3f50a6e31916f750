package io.camstream.light;

import static io.camstream.light.LightTesting.getJson;
import static io.camstream.light.LightTesting.post;
import static io.camstream.light.LightTesting.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NeopixelSpiTest {
  private static final int PIXELS = 7;

  @BeforeEach
  void reset() {
    RecordingDeviceFactory.reset();
  }

  private static TestServer neopixel(String stripType, Map<String, String> more) {
    Map<String, String> settings = new java.util.HashMap<>(Map.of(
        "light.type", "neopixel", "light.pixels", String.valueOf(PIXELS), "light.stripType", stripType,
        "light.spiController", "1", "light.spiChipSelect", "2",
        "light.retryInitialMillis", "50", "light.retryMaxMillis", "200"));
    settings.putAll(more);
    return TestServer.start(settings);
  }

  private static List<int[]> lastFrame(int channels) {
    List<RecordingDeviceFactory.SpiWrite> writes = RecordingDeviceFactory.spiWrites();
    assertThat(writes).as("SPI writes").isNotEmpty();
    return Ws2812SpiDecoder.decode(writes.get(writes.size() - 1).bytes(), PIXELS, channels);
  }

  private static void assertEveryPixel(List<int[]> frame, int... wire) {
    assertThat(frame).hasSize(PIXELS);
    for (int i = 0; i < PIXELS; i++) {
      assertThat(frame.get(i)).as("pixel %d on the wire", i).containsExactly(wire);
    }
  }

  @Test
  void ws2812GetsGreenRedBlueScaledByBrightnessOnEveryPixel() {
    try (TestServer server = neopixel("WS2812", Map.of())) {
      String api = server.url("/api/light");
      // the restored state (off) is shown at start: every pixel dark
      assertEveryPixel(lastFrame(3), 0, 0, 0);
      RecordingDeviceFactory.SpiWrite first = RecordingDeviceFactory.spiWrites().get(0);
      assertThat(first.controller()).isEqualTo(1);
      assertThat(first.chipSelect()).isEqualTo(2);
      assertThat(first.frequency()).as("3 SPI bits per WS2812 bit at 800 kHz").isEqualTo(2_400_000);

      JsonObject state = post(api, "{\"action\":\"color\",\"value\":\"FF8800\"}");
      assertThat(state.getBoolean("online")).isTrue();
      assertEveryPixel(lastFrame(3), 0x88, 0xFF, 0x00);

      state = post(api, "{\"action\":\"brightness\",\"value\":128}");
      assertThat(state.getString("output")).isEqualTo("804400");
      // 0xFF*128/255 = 128, 0x88*128/255 = 68.3 -> 68, in G, R, B order
      assertEveryPixel(lastFrame(3), 68, 128, 0);

      post(api, "{\"action\":\"color\",\"value\":\"0a1B2c\"}");
      assertEveryPixel(lastFrame(3), Math.round(0x1B * 128 / 255f), Math.round(0x0A * 128 / 255f), Math.round(0x2C * 128 / 255f));

      post(api, "{\"action\":\"brightness\",\"value\":0}");
      assertEveryPixel(lastFrame(3), 0, 0, 0);
      post(api, "{\"action\":\"brightness\",\"value\":255}");
      post(api, "{\"action\":\"power\",\"on\":false}");
      assertEveryPixel(lastFrame(3), 0, 0, 0);
      post(api, "{\"action\":\"power\",\"on\":true}");
      assertEveryPixel(lastFrame(3), 0x1B, 0x0A, 0x2C);
      assertThat(RecordingDeviceFactory.spiWrites()).extracting(RecordingDeviceFactory.SpiWrite::thread)
          .as("render() busy-waits: never on an event loop").noneMatch(name -> name.contains("eventloop"));
    }
  }

  @Test
  void otherStripTypesGetTheirOwnColorOrderAndWhiteChannel() {
    try (TestServer server = neopixel("WS2811_RGB", Map.of())) {
      post(server.url("/api/light"), "{\"action\":\"color\",\"value\":\"123456\"}");
      assertEveryPixel(lastFrame(3), 0x12, 0x34, 0x56);
    }
    RecordingDeviceFactory.reset();
    try (TestServer server = neopixel("SK6812W", Map.of())) {
      post(server.url("/api/light"), "{\"action\":\"color\",\"value\":\"123456\"}");
      // SK6812 RGBW sends G, R, B, W; the white LED stays off
      assertEveryPixel(lastFrame(4), 0x34, 0x12, 0x56, 0);
    }
  }

  @Test
  void aFailingDeviceGoesOfflineWithAReasonAndRecovers() {
    try (TestServer server = neopixel("WS2812", Map.of())) {
      String api = server.url("/api/light");
      int opens = RecordingDeviceFactory.spiOpens();
      RecordingDeviceFactory.fail("No such file or directory");

      JsonObject state = post(api, "{\"action\":\"color\",\"value\":\"00FF00\"}");
      assertThat(state.getBoolean("online")).isFalse();
      assertThat(state.getString("reason")).contains("/dev/spidev1.2", "No such file or directory", "spi");
      assertThat(state.getString("color")).as("the wish is kept while offline").isEqualTo("00FF00");
      JsonObject light = getJson(server.url("/api/state")).getJsonObject("light");
      assertThat(light.getBoolean("online")).isFalse();

      RecordingDeviceFactory.recover();
      until("the light is back online", () -> getJson(api).getBoolean("online"));
      assertThat(getJson(api).getValue("reason")).isNull();
      assertThat(RecordingDeviceFactory.spiOpens()).as("the device was opened again").isGreaterThan(opens);
      assertEveryPixel(lastFrame(3), 0xFF, 0x00, 0x00);
    }
  }

  @Test
  void aDeviceMissingAtStartIsRetriedUntilItAppears() {
    RecordingDeviceFactory.fail("Permission denied");
    try (TestServer server = neopixel("WS2812", Map.of())) {
      String api = server.url("/api/light");
      JsonObject state = getJson(api);
      assertThat(state.getBoolean("online")).isFalse();
      assertThat(state.getString("reason")).contains("Permission denied");
      post(api, "{\"action\":\"color\",\"value\":\"0000FF\"}");
      RecordingDeviceFactory.recover();
      until("the light comes online", () -> getJson(api).getBoolean("online"));
      assertEveryPixel(lastFrame(3), 0x00, 0x00, 0xFF);
    }
  }

  @Test
  void onStopTheStripGoesDarkOrStaysLitAsConfigured() {
    try (TestServer server = neopixel("WS2812", Map.of())) {
      post(server.url("/api/light"), "{\"action\":\"color\",\"value\":\"00FF00\"}");
      assertEveryPixel(lastFrame(3), 0xFF, 0x00, 0x00);
    }
    assertEveryPixel(lastFrame(3), 0, 0, 0);

    RecordingDeviceFactory.reset();
    try (TestServer server = neopixel("WS2812", Map.of("light.onStop", "keep"))) {
      post(server.url("/api/light"), "{\"action\":\"color\",\"value\":\"0000FF\"}");
      assertEveryPixel(lastFrame(3), 0x00, 0x00, 0xFF);
    }
    assertEveryPixel(lastFrame(3), 0x00, 0x00, 0xFF);
  }
}
