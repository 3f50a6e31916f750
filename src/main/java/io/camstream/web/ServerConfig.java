package io.camstream.web;

import io.camstream.config.ConfigSection;
import io.vertx.core.json.JsonObject;

/** The {@code server} section of the configuration. */
public record ServerConfig(String host, int port, int instances, long viewerStallMillis,
    int viewerQueueBytes, int sendBufferBytes) {

  public static ServerConfig from(JsonObject config) {
    ConfigSection s = new ConfigSection("", config).section("server");
    s.rejectUnknown("host", "port", "instances", "viewerStallSeconds", "viewerQueueBytes", "sendBufferBytes",
        "tlsCertFile", "tlsKeyFile", "headerTimeoutSeconds", "bodyTimeoutSeconds",
        "idleTimeoutSeconds", "allowedHosts");
    int instances = s.integer("instances", 0, 0, 64);
    return new ServerConfig(
        s.string("host", "0.0.0.0"),
        s.integer("port", 5000, 1, 65535),
        instances == 0 ? Runtime.getRuntime().availableProcessors() : instances,
        Math.round(s.decimal("viewerStallSeconds", 10, 1, 3600) * 1000),
        s.integer("viewerQueueBytes", 65536, 4096, 64 * 1024 * 1024),
        s.integer("sendBufferBytes", 262144, 0, 64 * 1024 * 1024));
  }
}
