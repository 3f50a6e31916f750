package io.camstream.capture;

import io.camstream.config.ConfigSection;
import io.vertx.core.json.JsonObject;

/** One camera's settings: the {@code camera} section, or one entry of the {@code cameras} list. */
public record CameraConfig(
    SourceSpec source,
    boolean liquidLens,
    int width,
    int height,
    int fps,
    int quality,
    long idleReleaseMillis,
    long retryInitialMillis,
    long retryMaxMillis,
    boolean grayscale,
    boolean halfResolution,
    int focusMin,
    int focusMax,
    MjpegUrlSource.UpstreamLogin upstreamLogin) {

  /** Every key a camera takes. */
  public static final String[] KEYS = {"source", "type", "width", "height", "fps", "quality", "idleReleaseSeconds",
      "retryInitialMillis", "retryMaxMillis", "grayscale", "halfResolution", "focusMin", "focusMax",
      "username", "password", "bearerToken"};

  /** The {@code camera} section: the camera {@code default}. */
  public static CameraConfig from(JsonObject config) {
    ConfigSection c = new ConfigSection("", config).section("camera");
    c.rejectUnknown(KEYS);
    return from(c);
  }

  /** One camera's keys, already checked for unknown ones; failures name the section's path. */
  static CameraConfig from(ConfigSection c) {
    SourceSpec source = SourceSpec.parse(c.key("source"), c.string("source", "auto"));
    String type = c.choice("type", "generic", "generic", "LiquidLens");
    int width = c.integer("width", 1280, 16, 7680);
    int height = c.integer("height", 720, 16, 4320);
    int fps = c.integer("fps", 30, 1, 240);
    int quality = c.integer("quality", 80, 1, 100);
    double idle = c.decimal("idleReleaseSeconds", 2, 0, 3600);
    long retryInitial = c.longValue("retryInitialMillis", 500, 10, 600_000);
    long retryMax = c.longValue("retryMaxMillis", 10_000, retryInitial, 3_600_000);
    int focusMin = c.integer("focusMin", -1, -1, 100_000);
    int focusMax = c.integer("focusMax", -1, -1, 100_000);
    if ((focusMin < 0) != (focusMax < 0) || (focusMin >= 0 && focusMax <= focusMin)) {
      throw io.camstream.config.ConfigException.badValue(c.key("focusMax"), focusMax,
          "set both " + c.key("focusMin") + " and " + c.key("focusMax") + " (max above min), or leave both at -1");
    }
    return new CameraConfig(source, type.equals("LiquidLens"), width, height, fps, quality,
        Math.round(idle * 1000), retryInitial, retryMax,
        c.bool("grayscale", false), c.bool("halfResolution", false), focusMin, focusMax,
        new MjpegUrlSource.UpstreamLogin(c.string("username", ""), c.string("password", ""), c.string("bearerToken", "")));
  }

  public CameraConfig withSource(SourceSpec other) {
    return new CameraConfig(other, liquidLens, width, height, fps, quality, idleReleaseMillis,
        retryInitialMillis, retryMaxMillis, grayscale, halfResolution, focusMin, focusMax, upstreamLogin);
  }
}
