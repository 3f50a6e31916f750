package io.camstream.config;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds the configuration in layers: the documented defaults shipped in the jar
 * (conf/config.json), then the user's file, then CAMSTREAM_* environment variables, then
 * command-line options. Later layers win.
 */
public final class ConfigLoader {
  public static final String DEFAULTS_RESOURCE = "/camstream/config.json";

  private ConfigLoader() {
  }

  public static JsonObject defaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the jar has no " + DEFAULTS_RESOURCE + "; rebuild it with mvn package");
      }
      return JsonWithComments.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in config.json");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * @param file the user's config file, or null for none
   * @param env environment variables (System.getenv() outside tests)
   * @param overrides dotted keys to string values, from the command line
   */
  public static JsonObject load(Path file, Map<String, String> env, Map<String, String> overrides) {
    JsonObject config = defaults();
    if (file != null) {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
      }
      JsonObject user = JsonWithComments.parse(text, "config file " + file);
      mergeInto(config, user, "");
    }
    JsonObject shape = defaults();
    applyEnv(config, shape, "", env);
    overrides.forEach((key, value) -> set(config, shape, key, value, "command-line option for " + key));
    return config;
  }

  private static void mergeInto(JsonObject target, JsonObject source, String path) {
    for (String name : source.fieldNames()) {
      Object value = source.getValue(name);
      String key = path.isEmpty() ? name : path + "." + name;
      Object existing = target.getValue(name);
      if (!target.containsKey(name)) {
        throw new ConfigException("config key " + key + " is not known; keys allowed here: "
            + String.join(", ", target.fieldNames()));
      }
      if (existing instanceof JsonObject existingObject) {
        if (!(value instanceof JsonObject valueObject)) {
          throw ConfigException.badValue(key, value, "use an object { ... }");
        }
        mergeInto(existingObject, valueObject, key);
      } else {
        target.put(name, value);
      }
    }
  }

  private static void applyEnv(JsonObject config, JsonObject shape, String path, Map<String, String> env) {
    for (String name : shape.fieldNames()) {
      String key = path.isEmpty() ? name : path + "." + name;
      Object value = shape.getValue(name);
      if (value instanceof JsonObject) {
        applyEnv(config, (JsonObject) value, key, env);
      } else {
        String envName = ConfigSection.envName(key);
        String envValue = env.get(envName);
        if (envValue != null) {
          set(config, defaults(), key, envValue, "environment variable " + envName);
        }
      }
    }
  }

  /** Sets a dotted key from text, converting it to the type of the documented default. */
  static void set(JsonObject config, JsonObject shape, String key, String text, String origin) {
    String[] parts = key.split("\\.");
    JsonObject target = config;
    JsonObject shapeTarget = shape;
    for (int i = 0; i < parts.length - 1; i++) {
      target = target.getJsonObject(parts[i]);
      shapeTarget = shapeTarget.getJsonObject(parts[i]);
      if (target == null || shapeTarget == null) {
        throw new ConfigException(origin + ": config key " + key + " is not known");
      }
    }
    String leaf = parts[parts.length - 1];
    if (!shapeTarget.containsKey(leaf)) {
      throw new ConfigException(origin + ": config key " + key + " is not known");
    }
    Object model = shapeTarget.getValue(leaf);
    Object value;
    if (model instanceof Boolean) {
      if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
        throw ConfigException.badValue(key, text, "use true or false (from " + origin + ")");
      }
      value = Boolean.parseBoolean(text);
    } else if (model instanceof Number) {
      try {
        double number = Double.parseDouble(text.trim());
        value = number == Math.rint(number) && Math.abs(number) < Long.MAX_VALUE ? (Object) (long) number : number;
      } catch (NumberFormatException e) {
        throw ConfigException.badValue(key, text, "use a number (from " + origin + ")");
      }
    } else {
      value = text;
    }
    target.put(leaf, value);
  }
}
