package io.camstream.config;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

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
    return read(file, env, overrides).json();
  }

  /**
   * The same, keeping where each value came from and what the file set that nothing reads.
   * A file that is not JSON (the old server's INI config.txt) is read as the old server read it.
   */
  public static LoadedConfig read(Path file, Map<String, String> env, Map<String, String> overrides) {
    JsonObject config = defaults();
    Map<String, String> origins = new HashMap<>();
    List<String> warnings = List.of();
    String fileRead = null;
    if (file != null) {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (java.nio.file.NoSuchFileException e) {
        throw new ConfigException("config file " + file.toAbsolutePath() + " does not exist; check the path given"
            + " to --config, or leave --config out to read conf/config.json (or config.txt) in the working folder");
      } catch (IOException e) {
        throw new ConfigException("cannot read config file " + file.toAbsolutePath() + ": "
            + Folders.describe(file, e));
      }
      String origin = "config file " + file;
      if (isJson(file, text)) {
        mergeInto(config, JsonWithComments.parse(text, origin), "", origin, origins);
        fileRead = file.toString();
      } else {
        OldConfigTxt old = OldConfigTxt.parse(text, origin);
        for (OldConfigTxt.Setting setting : old.settings()) {
          put(config, setting.key(), setting.value());
          origins.put(setting.key(), setting.origin());
        }
        warnings = old.warnings();
        fileRead = file + " (the old server's format, read as the old server read it)";
      }
    }
    JsonObject shape = defaults();
    rejectUnknownEnv(shape, env);
    applyEnv(config, shape, "", env, origins);
    CameraKeys.applyEnv(config, shape, env, origins);
    overrides.forEach((key, value) -> {
      String origin = "command-line option for " + key;
      if (key.startsWith(CameraKeys.PREFIX)) {
        origins.put(CameraKeys.set(config, shape, key, value, origin, false), origin);
      } else {
        set(config, shape, key, value, origin);
        origins.put(key, origin);
      }
    });
    CameraKeys.keepDefaultCamera(config, origins);
    return new LoadedConfig(config, fileRead, warnings, origins);
  }

  /**
   * A CAMSTREAM_ variable that names no key is a typo (CAMSTREAM_CAMERA_FSP), refused like an
   * unknown key in a file. CAMSTREAM_ARGS is camstream.service's own, for its command line.
   */
  static void rejectUnknownEnv(JsonObject shape, Map<String, String> env) {
    Map<String, String> keysByEnvName = new TreeMap<>();
    leafKeys(shape, "").forEach(key -> keysByEnvName.put(ConfigSection.envName(key), key));
    for (String name : new TreeSet<>(env.keySet())) {
      if (name.startsWith(CameraKeys.ENV_PREFIX)) {
        CameraKeys.envKey(shape, name);
      } else if (name.startsWith("CAMSTREAM_") && !name.equals("CAMSTREAM_ARGS") && !keysByEnvName.containsKey(name)) {
        String closest = ClosestName.of(name, keysByEnvName.keySet());
        throw new ConfigException("environment variable " + name + " is not a camstream setting"
            + (closest == null ? "" : "; did you mean " + closest + " (" + keysByEnvName.get(closest) + ")?")
            + " Variables are CAMSTREAM_ plus the key in capitals with _ between words, e.g. "
            + "CAMSTREAM_CAMERA_IDLE_RELEASE_SECONDS for camera.idleReleaseSeconds; unset it or correct the name");
      }
    }
  }

  /** Every dotted key of a shape, e.g. camera.fps. */
  static List<String> leafKeys(JsonObject shape, String path) {
    List<String> keys = new ArrayList<>();
    for (String name : shape.fieldNames()) {
      String key = path.isEmpty() ? name : path + "." + name;
      if (shape.getValue(name) instanceof JsonObject section) {
        keys.addAll(leafKeys(section, key));
      } else {
        keys.add(key);
      }
    }
    return keys;
  }

  /** A .json file is JSON; any other is JSON when its first line that is not an INI comment starts it. */
  static boolean isJson(Path file, String text) {
    if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
      return true;
    }
    for (String line : text.replace("\uFEFF", "").split("\\R")) {
      String start = line.strip();
      if (!start.isEmpty() && !start.startsWith("#") && !start.startsWith(";")) {
        return start.startsWith("{") || start.startsWith("//");
      }
    }
    return false;
  }

  /** Puts a value under a dotted key of the shipped shape, e.g. light.pixels. */
  static void put(JsonObject config, String key, Object value) {
    int dot = key.lastIndexOf('.');
    config.getJsonObject(key.substring(0, dot)).put(key.substring(dot + 1), value);
  }

  private static void mergeInto(JsonObject target, JsonObject source, String path, String origin,
      Map<String, String> origins) {
    for (String name : source.fieldNames()) {
      Object value = source.getValue(name);
      String key = path.isEmpty() ? name : path + "." + name;
      Object existing = target.getValue(name);
      if (!target.containsKey(name)) {
        throw new ConfigException("config key " + key + " is not known" + didYouMean(name, target.fieldNames(), path)
            + "; keys allowed here: " + String.join(", ", target.fieldNames()));
      }
      if (existing instanceof JsonObject existingObject) {
        if (!(value instanceof JsonObject valueObject)) {
          throw ConfigException.badValue(key, value, "use an object { ... }");
        }
        mergeInto(existingObject, valueObject, key, origin, origins);
      } else {
        target.put(name, value);
        origins.put(key, origin);
      }
    }
  }

  private static String didYouMean(String name, java.util.Collection<String> known, String path) {
    String closest = ClosestName.of(name, known);
    return closest == null ? "" : " (did you mean " + (path.isEmpty() ? "" : path + ".") + closest + "?)";
  }

  private static void applyEnv(JsonObject config, JsonObject shape, String path, Map<String, String> env,
      Map<String, String> origins) {
    for (String name : shape.fieldNames()) {
      String key = path.isEmpty() ? name : path + "." + name;
      Object value = shape.getValue(name);
      if (value instanceof JsonObject) {
        applyEnv(config, (JsonObject) value, key, env, origins);
      } else {
        String envName = ConfigSection.envName(key);
        String envValue = env.get(envName);
        if (envValue != null) {
          set(config, defaults(), key, envValue, "environment variable " + envName);
          origins.put(key, "environment variable " + envName);
        }
      }
    }
  }

  private static ConfigException unknownKey(JsonObject shape, String key, String origin) {
    String closest = ClosestName.of(key, leafKeys(shape, ""));
    return new ConfigException(origin + ": config key " + key + " is not known"
        + (closest == null ? "" : "; did you mean " + closest + "?"));
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
        throw unknownKey(shape, key, origin);
      }
    }
    String leaf = parts[parts.length - 1];
    if (!shapeTarget.containsKey(leaf)) {
      throw unknownKey(shape, key, origin);
    }
    target.put(leaf, convert(shapeTarget.getValue(leaf), key, text, origin));
  }

  /** Text as the type of {@code model}, the documented default of {@code key}. */
  static Object convert(Object model, String key, String text, String origin) {
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
    return value;
  }
}
