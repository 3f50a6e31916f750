package io.camstream.config;

import static io.camstream.config.OldConfigTxtServerTest.example;
import static io.camstream.light.LightOnBus.checked;
import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.auth.AuthConfig;
import io.camstream.capture.CameraConfig;
import io.camstream.capture.SourceSpec;
import io.camstream.light.LightConfig;
import io.camstream.light.LightOnBus;
import io.camstream.light.RecordingDeviceFactory;
import io.camstream.light.Ws2812SpiDecoder;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The old server's config.txt as the parts that read it see it: what the loader concludes
 * for each section, and the light verticle driving the strip the file describes. The running
 * server's side is OldConfigTxtServerTest.
 */
@ExtendWith(VertxExtension.class)
class OldConfigTxtSettingsTest {
  @TempDir
  Path dir;

  @BeforeEach
  void reset() {
    RecordingDeviceFactory.reset();
  }

  private Path configTxt(String text) throws Exception {
    return Files.writeString(dir.resolve("config.txt"), text);
  }

  @Test
  void liquidLensIsAFocusableCameraAndLightFalseIsNoLight() throws Exception {
    var config = ConfigLoader.load(configTxt(example("LiquidLens", "False", "", "", "", "", "")), Map.of(), Map.of());
    CameraConfig camera = CameraConfig.from(config);
    assertThat(camera.liquidLens()).isTrue();
    assertThat(camera.source().type()).as("the old default camera").isEqualTo(SourceSpec.Type.AUTO);
    assertThat(LightConfig.from(config).type()).isEqualTo(LightConfig.NONE);
  }

  @Test
  void anEmptyFileKeepsTheDefaultCameraWhichCannotFocusAndNoLight() throws Exception {
    var config = ConfigLoader.load(configTxt(example("", "", "", "", "", "", "")), Map.of(), Map.of());
    assertThat(CameraConfig.from(config).liquidLens()).isFalse();
    assertThat(CameraConfig.from(config).source().type()).isEqualTo(SourceSpec.Type.AUTO);
    assertThat(LightConfig.from(config).type()).isEqualTo(LightConfig.NONE);
  }

  @Test
  void aTrinketGetsTheSerialPortAndSpeedOfTheFile() throws Exception {
    LightConfig light = LightConfig.from(ConfigLoader.load(
        configTxt(example("", "true", "trinket", "", "/dev/ttyOLD3", "115200", "")), Map.of(), Map.of()));
    assertThat(light.type()).isEqualTo(LightConfig.TRINKET);
    assertThat(light.tty()).isEqualTo("/dev/ttyOLD3");
    assertThat(light.baud()).isEqualTo(115200);
  }

  /** The old server drove its strip from GPIO 18 by PWM with DMA 10; a command-line light.mode still wins. */
  @Test
  void aNeopixelLightIsDrivenAsTheOldServerWiredIt(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path file = configTxt(example("default", "True", "neopixel", "12", "", "", ""));
    LightConfig light = LightConfig.from(ConfigLoader.load(file, Map.of(), Map.of()));
    assertThat(light.mode()).isEqualTo("pwm");
    assertThat(light.gpio()).isEqualTo(18);
    assertThat(light.dma()).isEqualTo(10);
    assertThat(light.pixels()).isEqualTo(12);
    assertThat(LightConfig.from(ConfigLoader.load(file, Map.of(), Map.of("light.mode", "spi"))).mode()).isEqualTo("spi");

    var control = LightOnBus.control(vertx);
    Path spiState = Files.createDirectory(dir.resolve("spi"));
    LightOnBus.deploy(vertx, file, dir, Map.of())
        .compose(id -> control.send(LightOnBus.color("FF8800"))
            .compose(s -> control.send(LightOnBus.power(true)))
            .map(checked(state -> {
              assertThat(state.getString("driver")).isEqualTo("neopixel");
              assertThat(state.getInteger("pixels")).isEqualTo(12);
              assertThat(state.getString("device")).as("the old server's pin: GPIO 18 with PWM/DMA 10")
                  .contains("GPIO 18").contains("DMA 10");
            }))
            .compose(s -> vertx.undeploy(id)))
        // the same file with light.mode=spi on the command line drives the strip over SPI
        .compose(v -> LightOnBus.deploy(vertx, file, spiState, Map.of("light.mode", "spi")))
        .compose(id -> control.send(LightOnBus.color("FF8800")))
        .compose(s -> control.send(LightOnBus.power(true)))
        .map(checked(state -> {
          assertThat(state.getString("device")).isEqualTo("/dev/spidev0.0");
          var writes = RecordingDeviceFactory.spiWrites();
          assertThat(writes).as("SPI writes").isNotEmpty();
          List<int[]> pixels = Ws2812SpiDecoder.decode(writes.get(writes.size() - 1).bytes(), 12, 3);
          for (int i = 0; i < 12; i++) {
            assertThat(pixels.get(i)).as("pixel %d of the file's 12, in G, R, B order", i).containsExactly(0x88, 0xFF, 0x00);
          }
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void theUserkeyIsTheRebootKeyAndTheEnvironmentAndCommandLineStillWin() throws Exception {
    Path file = configTxt(example("", "", "", "", "", "", "old-key%%1"));
    LoadedConfig fromFile = ConfigLoader.read(file, Map.of(), Map.of());
    // configparser reads %% as %
    assertThat(AuthConfig.from(fromFile.json()).rebootKey()).isEqualTo("old-key%1");
    assertThat(fromFile.origins().get("auth.rebootKey")).contains("config.txt").contains("userkey");

    Map<String, String> env = Map.of("CAMSTREAM_AUTH_REBOOT_KEY", "env-key");
    LoadedConfig fromEnv = ConfigLoader.read(file, env, Map.of());
    assertThat(AuthConfig.from(fromEnv.json()).rebootKey()).isEqualTo("env-key");
    assertThat(fromEnv.origins().get("auth.rebootKey")).contains("CAMSTREAM_AUTH_REBOOT_KEY");

    LoadedConfig fromCommandLine = ConfigLoader.read(file, env, Map.of("auth.rebootKey", "cli-key"));
    assertThat(AuthConfig.from(fromCommandLine.json()).rebootKey()).isEqualTo("cli-key");
    assertThat(fromCommandLine.origins().get("auth.rebootKey")).contains("command-line");
  }
}
