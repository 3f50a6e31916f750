package io.camstream.led;

import com.diozero.ws281xj.StripType;
import io.camstream.config.ConfigException;
import io.camstream.config.ConfigSection;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The {@code light} section of the configuration. The old server's keys live on as
 * {@code light.type} (old "light"), {@code light.stripType} ("lighttype"),
 * {@code light.pixels} ("numlights"), {@code light.tty} and {@code light.baud}.
 */
public record LightConfig(
    String type,
    String mode,
    int pixels,
    StripType stripType,
    int spiController,
    int spiChipSelect,
    int gpio,
    int dma,
    String tty,
    int baud,
    Path stateFile,
    long retryInitialMillis,
    long retryMaxMillis) {

  public static final String NONE = "none";
  public static final String NEOPIXEL = "neopixel";
  public static final String TRINKET = "trinket";
  public static final String SIMULATED = "simulated";
  public static final String STATE_FILE_NAME = ".light-state.json";

  public static LightConfig from(JsonObject config) {
    ConfigSection root = new ConfigSection("", config);
    ConfigSection c = root.section("light");
    c.rejectUnknown("type", "mode", "pixels", "stripType", "spiController", "spiChipSelect", "gpio", "dma",
        "tty", "baud", "stateFile", "retryInitialMillis", "retryMaxMillis");
    String type = c.choice("type", NONE, NONE, NEOPIXEL, TRINKET, SIMULATED);
    String mode = c.choice("mode", "spi", "spi", "pwm");
    int pixels = c.integer("pixels", 8, 1, 4096);
    String[] stripNames = Arrays.stream(StripType.values()).map(Enum::name).toArray(String[]::new);
    StripType stripType = StripType.valueOf(c.choice("stripType", "WS2812", stripNames));
    int spiController = c.integer("spiController", 0, 0, 16);
    int spiChipSelect = c.integer("spiChipSelect", 0, 0, 16);
    int gpio = c.integer("gpio", 18, 0, 63);
    int dma = c.integer("dma", 10, 0, 15);
    String tty = c.string("tty", "/dev/serial0");
    if (tty.isBlank()) {
      throw ConfigException.badValue(c.key("tty"), tty, "give the serial port, for example /dev/serial0 or /dev/ttyACM0");
    }
    int baud = c.integer("baud", 9600, 50, 4_000_000);
    String stateFile = c.string("stateFile", "");
    Path statePath = stateFile.isBlank()
        ? Path.of(root.section("media").string("dir", "media")).resolve(STATE_FILE_NAME)
        : Path.of(stateFile);
    long retryInitial = c.longValue("retryInitialMillis", 1000, 10, 600_000);
    long retryMax = c.longValue("retryMaxMillis", 30_000, retryInitial, 3_600_000);
    return new LightConfig(type, mode, pixels, stripType, spiController, spiChipSelect, gpio, dma, tty, baud,
        statePath, retryInitial, retryMax);
  }
}
