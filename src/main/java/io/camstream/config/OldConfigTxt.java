package io.camstream.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The old server's config.txt in camstream's terms: its [SETTINGS] camera, light,
 * lighttype, numlights, tty, baud and its [KEYS] userkey become camstream keys. An empty value
 * keeps camstream's default; a value the old server did not know stops start-up naming the
 * line; a section or key it did not read is kept as a warning.
 */
public final class OldConfigTxt {
  static final String SETTINGS = "SETTINGS";
  static final String KEYS = "KEYS";
  private static final Map<String, Set<String>> KNOWN = Map.of(
      SETTINGS, Set.of("camera", "light", "lighttype", "numlights", "tty", "baud"),
      KEYS, Set.of("userkey"));

  /**
   * One camstream key set from the file.
   *
   * @param value a String or a Long
   * @param origin where it came from, for error messages: "config file config.txt line 23 (numlights)"
   * @param source the old line it came from: "line 23: numlights = 12"
   * @param meaning what it does in camstream, for the comments of an imported config.json
   */
  public record Setting(String key, Object value, String origin, String source, String meaning) {
  }

  private final String origin;
  private final IniFile ini;
  private final List<Setting> settings = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  private OldConfigTxt(String origin, IniFile ini) {
    this.origin = origin;
    this.ini = ini;
  }

  /** @param origin how messages name the file, e.g. "config file config.txt" */
  public static OldConfigTxt parse(String text, String origin) {
    OldConfigTxt file = new OldConfigTxt(origin, IniFile.parse(text, origin));
    file.warnAboutWhatTheOldServerDidNotRead();
    file.camera();
    file.light();
    file.number("numlights", "light.pixels", "the number of pixels on the strip or ring (old numlights)");
    file.text(SETTINGS, "tty", "light.tty", "the serial port of the light controller (old tty)");
    file.number("baud", "light.baud", "the speed of that serial port in baud (old baud)");
    file.text(KEYS, "userkey", "auth.rebootKey",
        "the key /reboot?key= and /shutdown?key= accept besides an admin's password (old userkey)");
    return file;
  }

  /** The camstream keys the file sets, in the order of the old file's keys. */
  public List<Setting> settings() {
    return List.copyOf(settings);
  }

  /** Sections and keys the old server did not read, each naming its line. */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  private void camera() {
    value(SETTINGS, "camera").ifPresent(camera -> {
      switch (camera.value.toLowerCase(Locale.ROOT)) {
        case "", "default" -> {
          // the old server's OpenCV camera 0; camstream's default (auto) opens the first camera among /dev/videoN
        }
        case "pi", "picamera" -> add("camera.source", "pi", camera,
            "the Pi camera through rpicam-vid (old camera = Pi or PiCamera)");
        case "liquidlens" -> add("camera.type", "LiquidLens", camera,
            "a lens with focus control, so the focus routes work (old camera = LiquidLens); the camera is "
                + "camstream's default source, auto: the first camera among /dev/videoN, like the old server's camera 0");
        default -> throw bad(camera, "use Pi, PiCamera, LiquidLens or default, or leave it empty; camstream's other "
            + "sources (usb:/dev/video2, pipe:..., mjpeg-url:...) go in a config.json as camera.source");
      }
    });
  }

  private void light() {
    Optional<Value> light = value(SETTINGS, "light");
    Optional<Value> type = value(SETTINGS, "lighttype");
    type.filter(t -> !t.value.isEmpty() && !List.of("neopixel", "trinket").contains(t.value.toLowerCase(Locale.ROOT)))
        .ifPresent(t -> {
          throw bad(t, "use neopixel or trinket");
        });
    if (light.isEmpty() || light.get().value.isEmpty()) {
      return;
    }
    Value on = light.get();
    switch (on.value.toLowerCase(Locale.ROOT)) {
      case "false" -> add("light.type", "none", on, "no light: every light route answers 403 (old light = False)");
      case "true" -> {
        Optional<Value> named = type.filter(t -> !t.value.isEmpty());
        if (named.isEmpty()) {
          // the old server then drove no light and still started; so does camstream, and says why
          add("light.type", "none", on, "no light: light = True with an empty lighttype drove no light on the old "
              + "server either");
          warnings.add(origin + " line " + on.entry.line() + ": light = " + on.value + " but lighttype is empty, so "
              + "no light is driven (as on the old server); set lighttype = neopixel or lighttype = trinket");
          return;
        }
        Value which = named.get();
        if (which.value.equalsIgnoreCase("neopixel")) {
          add("light.type", "neopixel", which, "a WS2812/SK6812 strip or ring (old light = True, lighttype = neopixel)");
          add("light.mode", "pwm", which, "driven from GPIO 18 by PWM with DMA 10, as the old server drove it (root; "
              + "no Pi 5); \"spi\" drives it from GPIO 10 (MOSI) on every Pi without root");
        } else {
          add("light.type", "trinket", which,
              "a serial light controller such as a Trinket or an Arduino (old light = True, lighttype = trinket)");
        }
      }
      default -> throw bad(on, "use True or False");
    }
  }

  private void number(String name, String key, String meaning) {
    value(SETTINGS, name).filter(v -> !v.value.isEmpty()).ifPresent(v -> {
      try {
        add(key, Long.parseLong(v.value), v, meaning);
      } catch (NumberFormatException e) {
        throw bad(v, "use a whole number, or leave it empty for camstream's default");
      }
    });
  }

  private void text(String section, String name, String key, String meaning) {
    value(section, name).filter(v -> !v.value.isEmpty()).ifPresent(v -> add(key, v.value, v, meaning));
  }

  private void warnAboutWhatTheOldServerDidNotRead() {
    if (ini.section(SETTINGS).isEmpty() && ini.section(KEYS).isEmpty()) {
      warnings.add(origin + " has neither a [SETTINGS] nor a [KEYS] section (names in capitals), so it sets nothing");
    }
    for (IniFile.Section section : ini.sections()) {
      Set<String> known = KNOWN.get(section.name());
      if (known == null) {
        warnings.add(origin + " line " + section.line() + ": section [" + section.name() + "] is ignored, as the old "
            + "server ignored it: it read only [SETTINGS] and [KEYS] (in capitals)"
            + (section.entries().isEmpty() ? "" : "; ignored keys: " + String.join(", ", names(section))));
        continue;
      }
      for (IniFile.Entry entry : section.entries().values()) {
        if (!known.contains(entry.name().toLowerCase(Locale.ROOT))) {
          warnings.add(origin + " line " + entry.line() + ": " + entry.name() + " in [" + section.name()
              + "] is ignored: " + elsewhere(entry.name(), section.name()));
        }
      }
    }
    for (IniFile.Entry entry : ini.defaults().entries().values()) {
      if (KNOWN.values().stream().noneMatch(keys -> keys.contains(entry.name().toLowerCase(Locale.ROOT)))) {
        warnings.add(origin + " line " + entry.line() + ": " + entry.name() + " in [DEFAULT] is ignored: "
            + elsewhere(entry.name(), IniFile.DEFAULT_SECTION));
      }
    }
  }

  private static String elsewhere(String name, String section) {
    for (Map.Entry<String, Set<String>> known : KNOWN.entrySet()) {
      if (!known.getKey().equals(section) && known.getValue().contains(name.toLowerCase(Locale.ROOT))) {
        return "the old server read it from [" + known.getKey() + "]";
      }
    }
    return "the old server did not know it (it knew camera, light, lighttype, numlights, tty and baud in [SETTINGS] "
        + "and userkey in [KEYS]); camstream's own keys go in a config.json";
  }

  private static List<String> names(IniFile.Section section) {
    return section.entries().values().stream().map(IniFile.Entry::name).toList();
  }

  /** A key's entry and its value as the old server got it (configparser's interpolation applied). */
  private record Value(IniFile.Entry entry, String value) {
  }

  private Optional<Value> value(String section, String name) {
    return ini.find(section, name).map(entry -> new Value(entry, ini.interpolated(entry)));
  }

  private void add(String key, Object value, Value from, String meaning) {
    settings.add(new Setting(key, value, origin + " line " + from.entry.line() + " (" + from.entry.name() + ")",
        "line " + from.entry.line() + ": " + from.entry.name() + " = " + from.value, meaning));
  }

  private ConfigException bad(Value value, String allowed) {
    String hint = value.value.contains(" #") || value.value.contains(" ;")
        ? " (a # or ; after a value is part of the value; put comments on their own line)" : "";
    return new ConfigException(origin + " line " + value.entry.line() + ": "
        + ConfigException.badValue(value.entry.name(), value.value, allowed + hint).getMessage());
  }
}
