package io.camstream.light;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camstream.config.CommandLine;
import io.camstream.config.ConfigException;
import io.camstream.config.ConfigLoader;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LightConfigTest {
  @Test
  void defaultsAreNoLightAndTheOldSerialSettings() {
    LightConfig config = LightConfig.from(ConfigLoader.load(null, Map.of(), Map.of()));
    assertThat(config.type()).isEqualTo("none");
    assertThat(config.mode()).isEqualTo("spi");
    assertThat(config.tty()).isEqualTo("/dev/serial0");
    assertThat(config.baud()).isEqualTo(9600);
    assertThat(config.stripTypeName()).isEqualTo("WS2812");
    assertThat(config.stateFile()).isEqualTo(Path.of("conf", LightConfig.STATE_FILE_NAME).toAbsolutePath());
    assertThat(config.legacyStateFile()).isEqualTo(Path.of("media", LightConfig.LEGACY_STATE_FILE_NAME));
  }

  @Test
  void theLightOptionAndEnvironmentSelectTheDriver() {
    CommandLine line = CommandLine.parse(new String[] {"--light", "simulated"});
    JsonObject config = ConfigLoader.load(null, Map.of("CAMSTREAM_LIGHT_PIXELS", "24"), line.overrides());
    LightConfig light = LightConfig.from(config);
    assertThat(light.type()).isEqualTo("simulated");
    assertThat(light.pixels()).isEqualTo(24);
  }

  @Test
  void badValuesNameTheKeyAndWhatIsAllowed() {
    assertThatThrownBy(() -> LightConfig.from(ConfigLoader.load(null, Map.of(), Map.of("light.type", "disco"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("light.type").hasMessageContaining("neopixel");
    assertThatThrownBy(() -> LightConfig.from(ConfigLoader.load(null, Map.of(), Map.of("light.stripType", "WS9999"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("light.stripType").hasMessageContaining("SK6812W");
    assertThatThrownBy(() -> LightConfig.from(ConfigLoader.load(null, Map.of(), Map.of("light.pixels", "0"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("light.pixels");
  }
}
