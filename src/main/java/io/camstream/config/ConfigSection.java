package io.camstream.config;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Typed, validated reads from one section of the configuration. Every failure names the
 * full key (for example {@code camera.fps}) and the values that would be accepted.
 */
public final class ConfigSection {
  private final String path;
  private final JsonObject json;

  public ConfigSection(String path, JsonObject json) {
    this.path = path;
    this.json = json == null ? new JsonObject() : json;
  }

  public String key(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  public JsonObject json() {
    return json;
  }

  public ConfigSection section(String name) {
    Object value = json.getValue(name);
    if (value != null && !(value instanceof JsonObject)) {
      throw ConfigException.badValue(key(name), value, "use an object { ... }");
    }
    return new ConfigSection(key(name), (JsonObject) value);
  }

  public int integer(String name, int fallback, int min, int max) {
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
        && number.doubleValue() >= min && number.doubleValue() <= max) {
      return number.intValue();
    }
    throw ConfigException.badValue(key(name), value, "use a whole number from " + min + " to " + max);
  }

  public long longValue(String name, long fallback, long min, long max) {
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
        && number.doubleValue() >= min && number.doubleValue() <= max) {
      return number.longValue();
    }
    throw ConfigException.badValue(key(name), value, "use a whole number from " + min + " to " + max);
  }

  public double decimal(String name, double fallback, double min, double max) {
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number number && number.doubleValue() >= min && number.doubleValue() <= max) {
      return number.doubleValue();
    }
    throw ConfigException.badValue(key(name), value, "use a number from " + min + " to " + max);
  }

  public boolean bool(String name, boolean fallback) {
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    throw ConfigException.badValue(key(name), value, "use true or false");
  }

  public String string(String name, String fallback) {
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof String s) {
      return s;
    }
    throw ConfigException.badValue(key(name), value, "use a string in double quotes");
  }

  /** A string that must be one of {@code allowed} (compared without case); returns the allowed spelling. */
  public String choice(String name, String fallback, String... allowed) {
    String value = string(name, fallback);
    if (value == null) {
      return null;
    }
    for (String candidate : allowed) {
      if (candidate.equalsIgnoreCase(value)) {
        return candidate;
      }
    }
    throw ConfigException.badValue(key(name), value, "use one of " + String.join(", ", allowed));
  }

  /** Fails on keys this section does not know, so a typo never passes silently. */
  public void rejectUnknown(String... known) {
    Set<String> knownSet = Arrays.stream(known).collect(Collectors.toSet());
    for (String name : json.fieldNames()) {
      if (!knownSet.contains(name)) {
        String closest = ClosestName.of(name, knownSet);
        throw new ConfigException("config key " + key(name) + " is not known"
            + (closest == null ? "" : " (did you mean " + key(closest) + "?)") + "; keys allowed in "
            + (path.isEmpty() ? "the top level" : path) + ": " + String.join(", ", known));
      }
    }
  }

  static String envName(String dottedKey) {
    StringBuilder out = new StringBuilder("CAMSTREAM_");
    for (char c : dottedKey.toCharArray()) {
      if (c == '.') {
        out.append('_');
      } else if (Character.isUpperCase(c)) {
        out.append('_').append(c);
      } else {
        out.append(Character.toUpperCase(c));
      }
    }
    return out.toString().toUpperCase(Locale.ROOT);
  }
}
