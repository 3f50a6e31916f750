package io.camstream.capture;

import io.camstream.bus.Addresses;
import io.camstream.config.ConfigException;
import io.camstream.config.ConfigSection;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The server's cameras, in order: the {@code cameras} list, or when it is empty the
 * {@code camera} section alone as the camera {@value #DEFAULT_ID}. Each listed camera takes the
 * keys it does not set from the {@code camera} section, except its source and sign-in. The
 * first camera is the default one: the addresses and routes without a camera id mean it.
 */
public record CameraList(List<Camera> cameras) {
  public static final String DEFAULT_ID = "default";
  /** A camera of the list brings its own source and sign-in; another camera's must never leak to it. */
  private static final Set<String> NOT_INHERITED = Set.of("source", "username", "password", "bearerToken");

  /**
   * One camera.
   *
   * @param written the keys as written for it (id, name and its own keys), kept to write it back
   * @param effective its camera keys with those it takes from the camera section
   */
  public record Camera(String id, String name, CameraConfig config, JsonObject written, JsonObject effective) {
    /** The server's configuration as this camera's capture verticle reads it: its keys as the camera section. */
    public JsonObject deploymentConfig(JsonObject serverConfig) {
      JsonObject copy = serverConfig.copy().put("camera", effective.copy());
      copy.remove("cameras");
      return copy;
    }
  }

  public CameraList {
    cameras = List.copyOf(cameras);
  }

  public static CameraList from(JsonObject config) {
    CameraConfig section = CameraConfig.from(config);
    Object listed = config.getValue("cameras");
    if (listed == null || listed instanceof JsonArray empty && empty.isEmpty()) {
      JsonObject keys = config.getJsonObject("camera", new JsonObject());
      return new CameraList(List.of(new Camera(DEFAULT_ID, DEFAULT_ID, section, new JsonObject().put("id", DEFAULT_ID),
          keys.copy())));
    }
    if (!(listed instanceof JsonArray list)) {
      throw ConfigException.badValue("cameras", listed,
          "use a list like [{\"id\": \"yard\", \"source\": \"usb:1\"}], or leave it empty for the camera section alone");
    }
    List<Camera> cameras = new ArrayList<>();
    Map<String, String> idsInAnyCase = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      Object entry = list.getValue(i);
      if (!(entry instanceof JsonObject json)) {
        throw ConfigException.badValue("cameras[" + i + "]", entry, "use an object like {\"id\": \"yard\", \"source\": \"usb:1\"}");
      }
      Camera camera = camera(config, json, "cameras[" + i + "]");
      String clash = idsInAnyCase.putIfAbsent(camera.id().toLowerCase(Locale.ROOT), camera.id());
      if (clash != null) {
        throw new ConfigException("config key cameras[" + i + "].id: the camera id \"" + camera.id() + "\" is used twice"
            + (clash.equals(camera.id()) ? "" : " (as \"" + clash + "\"; ids that differ only in case are the same camera"
                + " to environment variables)") + "; give each camera its own id");
      }
      cameras.add(camera);
    }
    return new CameraList(cameras);
  }

  /**
   * One camera as written in the list or sent to add it at run time, on top of the server's
   * {@code camera} section.
   *
   * @param where how to name it in errors before its id is known, e.g. cameras[2]
   */
  public static Camera camera(JsonObject config, JsonObject written, String where) {
    Object id = written.getValue("id");
    if (!(id instanceof String text) || !text.matches(Addresses.CAMERA_ID_PATTERN)) {
      throw ConfigException.badValue(where + ".id", id, "give the camera an id of letters, digits, - and _"
          + " (it becomes part of its addresses and paths, e.g. /cameras/yard/video_feed)");
    }
    ConfigSection own = new ConfigSection("cameras." + text, written);
    own.rejectUnknown(Stream.concat(Stream.of("id", "name"), Arrays.stream(CameraConfig.KEYS)).toArray(String[]::new));
    if (!text.equals(DEFAULT_ID) && written.getValue("source") == null) {
      throw new ConfigException("config key cameras." + text + ".source is missing: every camera in the cameras list"
          + " needs its own source (" + SourceSpec.ALLOWED + "); only the camera \"default\" takes camera.source");
    }
    JsonObject merged = new JsonObject();
    config.getJsonObject("camera", new JsonObject()).forEach(e -> {
      if (!NOT_INHERITED.contains(e.getKey()) || text.equals(DEFAULT_ID)) {
        merged.put(e.getKey(), e.getValue());
      }
    });
    written.forEach(e -> {
      if (!e.getKey().equals("id") && !e.getKey().equals("name")) {
        merged.put(e.getKey(), e.getValue());
      }
    });
    CameraConfig settings = CameraConfig.from(new ConfigSection("cameras." + text, merged));
    String name = own.string("name", text);
    return new Camera(text, name.isBlank() ? text : name, settings, written.copy(), merged);
  }

  /** The default camera: the one the addresses and routes without an id mean. */
  public Camera primary() {
    return cameras.get(0);
  }

  public Optional<Camera> find(String id) {
    return cameras.stream().filter(c -> c.id().equals(id)).findFirst();
  }
}
