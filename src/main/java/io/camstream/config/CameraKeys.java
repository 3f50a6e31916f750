package io.camstream.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The keys of one camera in the {@code cameras} list, set from the command line
 * ({@code --camera ID=SOURCE}, {@code --set cameras.ID.KEY=VALUE}) and the environment
 * ({@code CAMSTREAM_CAMERAS_<ID>_SOURCE}, or any camera key in capitals): a camera not in
 * the list yet is added to it.
 */
final class CameraKeys {
  static final String PREFIX = "cameras.";
  static final String ENV_PREFIX = "CAMSTREAM_CAMERAS_";
  /** As in bus.Addresses (config imports nothing of camstream): ids become parts of addresses and paths. */
  private static final String ID = "[A-Za-z0-9_-]+";
  private static final String EXAMPLE = "CAMSTREAM_CAMERAS_YARD_SOURCE=usb:1 for the camera yard";

  private CameraKeys() {
  }

  /** A camera's id and one of its keys, from a variable name. */
  record EnvKey(String id, String key) {
  }

  /** The keys one camera takes: those of the camera section, and its name. */
  private static List<String> keys(JsonObject shape) {
    List<String> keys = new ArrayList<>(shape.getJsonObject("camera").fieldNames());
    keys.add("name");
    return keys;
  }

  /**
   * Reads CAMSTREAM_CAMERAS_YARD_SOURCE as the camera YARD's source; ids are matched without
   * case, since variables are written in capitals. A name that fits no key is refused.
   */
  static EnvKey envKey(JsonObject shape, String name) {
    String rest = name.substring(ENV_PREFIX.length());
    EnvKey best = null;
    for (String key : keys(shape)) {
      String suffix = "_" + ConfigSection.envName(key).substring("CAMSTREAM_".length());
      if (rest.endsWith(suffix) && rest.length() > suffix.length()
          && (best == null || suffix.length() > best.key().length() + 1)) {
        best = new EnvKey(rest.substring(0, rest.length() - suffix.length()), key);
      }
    }
    if (best == null || !best.id().matches(ID)) {
      int last = rest.lastIndexOf('_');
      String typed = last < 0 ? rest : rest.substring(last + 1);
      List<String> suffixes = keys(shape).stream()
          .map(k -> ConfigSection.envName(k).substring("CAMSTREAM_".length())).toList();
      String closest = ClosestName.of(typed, suffixes);
      throw new ConfigException("environment variable " + name + " is not a camstream setting"
          + (closest == null ? "" : "; did you mean _" + closest + " at the end?")
          + " A camera's variables are CAMSTREAM_CAMERAS_<ID>_<KEY>, e.g. " + EXAMPLE
          + "; KEY is one of " + String.join(", ", new TreeSet<>(suffixes)));
    }
    return best;
  }

  static void applyEnv(JsonObject config, JsonObject shape, Map<String, String> env, Map<String, String> origins) {
    for (String name : new TreeSet<>(env.keySet())) {
      if (name.startsWith(ENV_PREFIX)) {
        EnvKey key = envKey(shape, name);
        String origin = "environment variable " + name;
        origins.put(set(config, shape, PREFIX + key.id() + "." + key.key(), env.get(name), origin, true), origin);
      }
    }
  }

  /**
   * Sets cameras.ID.KEY, adding the camera ID to the list when it is not there.
   *
   * @param anyCase the id may match a listed camera in any case (from a variable); a new one is then lower case
   * @return the key as the list names it, for where it came from
   */
  static String set(JsonObject config, JsonObject shape, String dotted, String text, String origin, boolean anyCase) {
    String rest = dotted.substring(PREFIX.length());
    int dot = rest.lastIndexOf('.');
    String id = dot < 0 ? "" : rest.substring(0, dot);
    String key = rest.substring(dot + 1);
    if (!id.matches(ID)) {
      throw new ConfigException(origin + ": \"" + id + "\" is not a camera id; use letters, digits, - and _, as in "
          + "--camera yard=usb:1 or --set cameras.yard.fps=15");
    }
    List<String> keys = keys(shape);
    if (!keys.contains(key)) {
      String closest = ClosestName.of(key, keys);
      throw new ConfigException(origin + ": config key " + PREFIX + id + "." + key + " is not known"
          + (closest == null ? "" : "; did you mean " + PREFIX + id + "." + closest + "?"));
    }
    if (!(config.getValue("cameras") instanceof JsonArray cameras)) {
      throw ConfigException.badValue("cameras", config.getValue("cameras"), "use a list of cameras [{...}, ...]");
    }
    JsonObject camera = null;
    for (Object entry : cameras) {
      if (entry instanceof JsonObject listed && listed.getValue("id") instanceof String listedId
          && (anyCase ? listedId.equalsIgnoreCase(id) : listedId.equals(id))) {
        camera = listed;
      }
    }
    if (camera == null) {
      camera = new JsonObject().put("id", anyCase ? id.toLowerCase(Locale.ROOT) : id);
      cameras.add(camera);
    }
    Object model = key.equals("name") ? "" : shape.getJsonObject("camera").getValue(key);
    String path = PREFIX + camera.getString("id") + "." + key;
    camera.put(key, ConfigLoader.convert(model, path, text, origin));
    return path;
  }

  /**
   * The camera section is the camera "default": alone when the list is empty, and before the
   * listed ones when its source was set (in the file, a variable or a bare --camera SOURCE).
   */
  static void keepDefaultCamera(JsonObject config, Map<String, String> origins) {
    if (config.getValue("cameras") instanceof JsonArray cameras && !cameras.isEmpty()
        && origins.containsKey("camera.source")
        && cameras.stream().noneMatch(c -> c instanceof JsonObject o && "default".equals(o.getValue("id")))) {
      cameras.getList().add(0, new JsonObject().put("id", "default"));
    }
  }
}
