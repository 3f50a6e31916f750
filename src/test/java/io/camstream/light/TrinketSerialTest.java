package io.camstream.light;

import static io.camstream.light.LightOnBus.brightness;
import static io.camstream.light.LightOnBus.checked;
import static io.camstream.light.LightOnBus.color;
import static io.camstream.light.LightOnBus.power;
import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.bus.Control;
import io.camstream.testing.Poll;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The light verticle driving the old serial light controller, asked over the bus; the bytes
 * on the serial port and the controller's answers go through the test device factory.
 * The /get_controller_data route is checked on a whole server in OldConfigTxtServerTest.
 */
@ExtendWith(VertxExtension.class)
class TrinketSerialTest {
  @TempDir
  Path dir;

  @BeforeEach
  void reset() {
    RecordingDeviceFactory.reset();
  }

  private Future<String> trinket(Vertx vertx) {
    return LightOnBus.deploy(vertx, dir, Map.of("light.type", "trinket", "light.tty", "/dev/ttyTEST7",
        "light.baud", "115200"));
  }

  /** The next published state whose controllerData is {@code line}. */
  private static Future<JsonObject> controllerData(Vertx vertx, String line) {
    return LightOnBus.published(vertx, "controllerData " + line, state -> line.equals(state.getString("controllerData")));
  }

  @Test
  void everyChangeSendsTheScaledColorThenTheBrightnessAsHex(Vertx vertx, VertxTestContext ctx) {
    Control light = LightOnBus.control(vertx);
    trinket(vertx)
        .map(checked(id -> {
          assertThat(RecordingDeviceFactory.lastSerialPort()).isEqualTo("/dev/ttyTEST7");
          assertThat(RecordingDeviceFactory.lastBaud()).isEqualTo(115200);
          // the restored state at start: off (black) at full brightness
          assertThat(RecordingDeviceFactory.serialWrittenText()).isEqualTo("000000FF");
        }))
        .compose(s -> light.send(color("FF8800")))
        .compose(s -> light.send(brightness(128)))
        .compose(s -> light.send(power(false)))
        .compose(s -> light.send(power(true)))
        .compose(s -> light.send(color("00ff01")))
        .compose(s -> light.send(brightness(0)))
        .map(checked(state -> assertThat(RecordingDeviceFactory.serialWrittenText()).isEqualTo(
            "000000FF"
                + "FF8800FF"
                + "80440080" // FF*128/255 = 80, 88*128/255 = 44.3 -> 44
                + "00000080" // off: black, the brightness stays
                + "80440080" // on again: the last color
                + "00800180" // FF*128/255 = 80, 01*128/255 = 0.502 -> 01 (rounded to nearest)
                + "00000000")))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void theNewestLineFromTheControllerIsInTheState(Vertx vertx, VertxTestContext ctx) {
    Control light = LightOnBus.control(vertx);
    trinket(vertx)
        .compose(id -> light.state())
        .map(checked(state -> {
          assertThat(state.containsKey("controllerData")).as("a serial controller has controllerData").isTrue();
          assertThat(state.getValue("controllerData")).as("nothing received yet").isNull();
        }))
        .compose(s -> {
          Future<JsonObject> newest = controllerData(vertx, "humidity=40");
          RecordingDeviceFactory.controllerSends("temp=21.5\r\nhumidity=40\n");
          return newest;
        })
        .compose(s -> {
          Future<JsonObject> whole = LightOnBus.published(vertx, "a new controllerData",
              state -> !Objects.equals(state.getString("controllerData"), "humidity=40"));
          RecordingDeviceFactory.controllerSends("temp=22");
          // the rest only once the driver has read the first piece
          return vertx.executeBlocking(() -> {
            Poll.until(Duration.ofSeconds(20), "the driver to read \"temp=22\"",
                () -> RecordingDeviceFactory.controllerBytesWaiting() == 0);
            RecordingDeviceFactory.controllerSends(".0\n\n");
            return null;
          }).compose(sent -> whole);
        })
        .map(checked(state -> assertThat(state.getString("controllerData"))
            .as("a line sent in pieces arrives whole, and an empty line is no reading").isEqualTo("temp=22.0")))
        .compose(s -> light.state())
        .map(checked(state -> assertThat(state.getString("controllerData")).isEqualTo("temp=22.0")))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aPortThatGoesAwayIsNoticedByTheReaderAndReopened(Vertx vertx, VertxTestContext ctx) {
    Control light = LightOnBus.control(vertx);
    int[] opens = new int[1];
    int[] written = new int[1];
    trinket(vertx)
        .compose(id -> light.send(color("112233")))
        .compose(s -> {
          opens[0] = RecordingDeviceFactory.serialOpens();
          // nothing is sent to the light: only the reader, polling the port, can notice
          Future<JsonObject> offline = LightOnBus.published(vertx, "online false", state -> !state.getBoolean("online"));
          RecordingDeviceFactory.fail("Input/output error");
          return offline;
        })
        .map(checked(state -> assertThat(state.getString("reason")).contains("/dev/ttyTEST7", "Input/output error", "dialout")))
        .compose(s -> {
          written[0] = RecordingDeviceFactory.serialWritten().length;
          Future<JsonObject> back = LightOnBus.published(vertx, "online true", state -> state.getBoolean("online"));
          RecordingDeviceFactory.recover();
          return back;
        })
        .map(checked(state -> {
          assertThat(RecordingDeviceFactory.serialOpens()).isGreaterThan(opens[0]);
          assertThat(RecordingDeviceFactory.serialWrittenText().substring(written[0]))
              .as("the current state is sent again after reopening").isEqualTo("112233FF");
        }))
        .compose(s -> {
          Future<JsonObject> read = controllerData(vertx, "back");
          RecordingDeviceFactory.controllerSends("back\n");
          return read;
        })
        .onComplete(ctx.succeedingThenComplete());
  }
}
