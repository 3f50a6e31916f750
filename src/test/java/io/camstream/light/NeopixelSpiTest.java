package io.camstream.light;

import static io.camstream.light.LightOnBus.brightness;
import static io.camstream.light.LightOnBus.checked;
import static io.camstream.light.LightOnBus.color;
import static io.camstream.light.LightOnBus.power;
import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.bus.Control;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The light verticle driving a NeoPixel strip over SPI, asked over the bus; what the strip
 * would show is decoded from the bytes the test device factory recorded on the SPI bus.
 */
@ExtendWith(VertxExtension.class)
class NeopixelSpiTest {
  private static final int PIXELS = 7;
  @TempDir
  Path dir;

  @BeforeEach
  void reset() {
    RecordingDeviceFactory.reset();
  }

  private static Future<String> neopixel(Vertx vertx, Path stateDir, String stripType, Map<String, String> more) {
    Map<String, String> settings = new HashMap<>(Map.of("light.type", "neopixel", "light.pixels", String.valueOf(PIXELS),
        "light.stripType", stripType, "light.spiController", "1", "light.spiChipSelect", "2"));
    settings.putAll(more);
    return LightOnBus.deploy(vertx, stateDir, settings);
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
  void ws2812GetsGreenRedBlueScaledByBrightnessOnEveryPixel(Vertx vertx, VertxTestContext ctx) {
    Control light = LightOnBus.control(vertx);
    neopixel(vertx, dir, "WS2812", Map.of())
        .compose(id -> light.state())
        .map(checked(state -> {
          // the restored state (off) is shown at start: every pixel dark
          assertEveryPixel(lastFrame(3), 0, 0, 0);
          RecordingDeviceFactory.SpiWrite first = RecordingDeviceFactory.spiWrites().get(0);
          assertThat(first.controller()).isEqualTo(1);
          assertThat(first.chipSelect()).isEqualTo(2);
          assertThat(first.frequency()).as("3 SPI bits per WS2812 bit at 800 kHz").isEqualTo(2_400_000);
          assertThat(state.getString("device")).isEqualTo("/dev/spidev1.2");
          assertThat(state.getInteger("pixels")).isEqualTo(PIXELS);
        }))
        .compose(s -> light.send(color("FF8800")))
        .map(checked(state -> {
          assertThat(state.getBoolean("online")).isTrue();
          assertEveryPixel(lastFrame(3), 0x88, 0xFF, 0x00);
        }))
        .compose(s -> light.send(brightness(128)))
        .map(checked(state -> {
          assertThat(state.getString("output")).isEqualTo("804400");
          // 0xFF*128/255 = 128, 0x88*128/255 = 68.3 -> 68, in G, R, B order
          assertEveryPixel(lastFrame(3), 68, 128, 0);
        }))
        .compose(s -> light.send(color("0a1B2c")))
        .map(checked(state -> assertEveryPixel(lastFrame(3),
            Math.round(0x1B * 128 / 255f), Math.round(0x0A * 128 / 255f), Math.round(0x2C * 128 / 255f))))
        .compose(s -> light.send(brightness(0)))
        .map(checked(state -> assertEveryPixel(lastFrame(3), 0, 0, 0)))
        .compose(s -> light.send(brightness(255)))
        .compose(s -> light.send(power(false)))
        .map(checked(state -> assertEveryPixel(lastFrame(3), 0, 0, 0)))
        .compose(s -> light.send(power(true)))
        .map(checked(state -> {
          assertEveryPixel(lastFrame(3), 0x1B, 0x0A, 0x2C);
          // deployed as the server deploys it; the whole server's light writes are checked in OldConfigTxtServerTest
          assertThat(RecordingDeviceFactory.spiWrites()).extracting(RecordingDeviceFactory.SpiWrite::thread)
              .as("render() busy-waits: never on an event loop").noneMatch(name -> name.contains("eventloop"));
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  /** Deploys a strip, shows a color and checks every pixel shows {@code wire}, then undeploys it. */
  private static Future<Void> showThenUndeploy(Vertx vertx, Path stateDir, String stripType, Map<String, String> more,
      String hex, int channels, int... wire) {
    return neopixel(vertx, stateDir, stripType, more)
        .compose(id -> LightOnBus.control(vertx).send(color(hex))
            .map(checked(state -> assertEveryPixel(lastFrame(channels), wire)))
            .compose(s -> vertx.undeploy(id)));
  }

  @Test
  void otherStripTypesGetTheirOwnColorOrderAndWhiteChannel(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path second = Files.createDirectory(dir.resolve("second"));
    showThenUndeploy(vertx, dir, "WS2811_RGB", Map.of(), "123456", 3, 0x12, 0x34, 0x56)
        .compose(v -> {
          RecordingDeviceFactory.reset();
          // SK6812 RGBW sends G, R, B, W; the white LED stays off
          return showThenUndeploy(vertx, second, "SK6812W", Map.of(), "123456", 4, 0x34, 0x12, 0x56, 0);
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aFailingDeviceGoesOfflineWithAReasonAndRecovers(Vertx vertx, VertxTestContext ctx) {
    Control light = LightOnBus.control(vertx);
    int[] opens = new int[1];
    neopixel(vertx, dir, "WS2812", Map.of())
        .compose(id -> {
          opens[0] = RecordingDeviceFactory.spiOpens();
          RecordingDeviceFactory.fail("No such file or directory");
          return light.send(color("00FF00"));
        })
        .map(checked(state -> {
          assertThat(state.getBoolean("online")).isFalse();
          assertThat(state.getString("reason")).contains("/dev/spidev1.2", "No such file or directory", "spi");
          assertThat(state.getString("color")).as("the wish is kept while offline").isEqualTo("00FF00");
        }))
        .compose(s -> light.state())
        .map(checked(state -> assertThat(state.getBoolean("online")).as("asked again: still offline").isFalse()))
        .compose(s -> {
          Future<JsonObject> back = LightOnBus.published(vertx, "online true", state -> state.getBoolean("online"));
          RecordingDeviceFactory.recover();
          return back;
        })
        .map(checked(state -> {
          assertThat(state.getValue("reason")).isNull();
          assertThat(RecordingDeviceFactory.spiOpens()).as("the device was opened again").isGreaterThan(opens[0]);
          assertEveryPixel(lastFrame(3), 0xFF, 0x00, 0x00);
        }))
        .compose(s -> light.state())
        .map(checked(state -> {
          assertThat(state.getBoolean("online")).isTrue();
          assertThat(state.getValue("reason")).isNull();
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aDeviceMissingAtStartIsRetriedUntilItAppears(Vertx vertx, VertxTestContext ctx) {
    Control light = LightOnBus.control(vertx);
    RecordingDeviceFactory.fail("Permission denied");
    neopixel(vertx, dir, "WS2812", Map.of())
        .compose(id -> light.state())
        .map(checked(state -> {
          assertThat(state.getBoolean("online")).isFalse();
          assertThat(state.getString("reason")).contains("Permission denied");
        }))
        .compose(s -> light.send(color("0000FF")))
        .compose(s -> {
          Future<JsonObject> back = LightOnBus.published(vertx, "online true", state -> state.getBoolean("online"));
          RecordingDeviceFactory.recover();
          return back;
        })
        .map(checked(state -> assertEveryPixel(lastFrame(3), 0x00, 0x00, 0xFF)))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void onStopTheStripGoesDarkOrStaysLitAsConfigured(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path second = Files.createDirectory(dir.resolve("second"));
    showThenUndeploy(vertx, dir, "WS2812", Map.of(), "00FF00", 3, 0xFF, 0x00, 0x00)
        .map(checked(v -> {
          assertEveryPixel(lastFrame(3), 0, 0, 0);
          RecordingDeviceFactory.reset();
        }))
        .compose(v -> showThenUndeploy(vertx, second, "WS2812", Map.of("light.onStop", "keep"), "0000FF", 3,
            0x00, 0x00, 0xFF))
        .map(checked(v -> assertEveryPixel(lastFrame(3), 0x00, 0x00, 0xFF)))
        .onComplete(ctx.succeedingThenComplete());
  }
}
