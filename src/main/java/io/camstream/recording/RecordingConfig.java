package io.camstream.recording;

import io.camstream.config.ConfigSection;
import io.vertx.core.json.JsonObject;

/** The {@code recording} section: limits and the storage cap. */
public record RecordingConfig(long maxSeconds, long maxBytes, long minFreeBytes, long partBytes,
    long storageCapBytes, double storageCapPercent) {
  private static final long MB = 1024L * 1024;

  public static RecordingConfig from(JsonObject config) {
    ConfigSection s = new ConfigSection("", config).section("recording");
    s.rejectUnknown("maxSeconds", "maxMegabytes", "minFreeMegabytes", "partMegabytes", "storageCapMegabytes",
        "storageCapPercent");
    return new RecordingConfig(
        s.longValue("maxSeconds", 0, 0, 366L * 24 * 3600),
        s.longValue("maxMegabytes", 0, 0, 1L << 40) * MB,
        s.longValue("minFreeMegabytes", 200, 0, 1L << 40) * MB,
        s.longValue("partMegabytes", 1024, 1, 1536) * MB,
        s.longValue("storageCapMegabytes", 0, 0, 1L << 40) * MB,
        s.decimal("storageCapPercent", 0, 0, 99));
  }
}
