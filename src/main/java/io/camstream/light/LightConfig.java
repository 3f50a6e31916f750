package io.camstream.light;

import com.diozero.ws281xj.StripType;
import io.camstream.config.ConfigException;
import io.camstream.config.ConfigSection;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code light} section of the configuration. The old server's keys live on as
 * {@code light.type} (old "light" = True with "lighttype"), {@code light.pixels} ("numlights"),
 * {@code light.tty} and {@code light.baud}.
 */
public record LightConfig(
    String type,
    String mode,
    int pixels,
    String stripTypeName,
    int spiController,
    int spiChipSelect,
    int gpio,
    int dma,
    String tty,
    int baud,
    Path stateFile,
    Path legacyStateFile,
    long retryInitialMillis,
    long retryMaxMillis,
    String onStop) {

  public static final String NONE = "none";
  public static final String NEOPIXEL = "neopixel";
  public static final String TRINKET = "trinket";
  public static final String SIMULATED = "simulated";
  /** Kept beside the users file: server state, not media, so never served under /media. */
  public static final String STATE_FILE_NAME = "light-state.json";
  /** Where earlier versions kept it, in media.dir: read once and moved (see LightStateStore). */
  public static final String LEGACY_STATE_FILE_NAME = ".light-state.json";

  /** The library's strip types, with its common names (WS2812, SK6812, SK6812W) first. */
  private static final Map<String, StripType> STRIP_TYPES = stripTypes();

  private static Map<String, StripType> stripTypes() {
    Map<String, StripType> types = new LinkedHashMap<>();
    types.put("WS2812", StripType.WS2812);
    types.put("SK6812", StripType.SK6812);
    types.put("SK6812W", StripType.SK6812W);
    for (StripType type : StripType.values()) {
      types.put(type.name(), type);
    }
    return types;
  }

  public StripType stripType() {
    return STRIP_TYPES.get(stripTypeName);
  }

  public static LightConfig from(JsonObject config) {
    ConfigSection root = new ConfigSection("", config);
    ConfigSection c = root.section("light");
    c.rejectUnknown("type", "mode", "pixels", "stripType", "spiController", "spiChipSelect", "gpio", "dma",
        "tty", "baud", "stateFile", "retryInitialMillis", "retryMaxMillis", "onStop");
    String type = c.choice("type", NONE, NONE, NEOPIXEL, TRINKET, SIMULATED);
    String mode = c.choice("mode", "spi", "spi", "pwm");
    int pixels = c.integer("pixels", 8, 1, 4096);
    String stripName = c.choice("stripType", "WS2812", STRIP_TYPES.keySet().toArray(String[]::new));
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
        ? Path.of(root.section("auth").string("usersFile", "conf/users.json")).toAbsolutePath().normalize()
            .resolveSibling(STATE_FILE_NAME)
        : Path.of(stateFile);
    Path legacyPath = stateFile.isBlank()
        ? Path.of(root.section("media").string("dir", "media")).resolve(LEGACY_STATE_FILE_NAME)
        : null;
    long retryInitial = c.longValue("retryInitialMillis", 1000, 10, 600_000);
    long retryMax = c.longValue("retryMaxMillis", 30_000, retryInitial, 3_600_000);
    return new LightConfig(type, mode, pixels, stripName, spiController, spiChipSelect, gpio, dma, tty, baud,
        statePath, legacyPath, retryInitial, retryMax, c.choice("onStop", "off", "off", "keep"));
  }
}
