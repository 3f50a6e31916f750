package io.camstream.bridge;

import io.camstream.config.ConfigSection;
import io.vertx.core.json.JsonObject;

/** The {@code bridge} section of the configuration. */
public record BridgeConfig(boolean sockjs, boolean tcpEnabled, String tcpHost, int tcpPort,
    int maxRegistrationsPerSocket, long authTimeoutMillis) {

  public static BridgeConfig from(JsonObject config) {
    ConfigSection b = new ConfigSection("", config).section("bridge");
    b.rejectUnknown("sockjs", "tcpEnabled", "tcpHost", "tcpPort", "maxRegistrationsPerSocket",
        "authTimeoutSeconds");
    return new BridgeConfig(b.bool("sockjs", true), b.bool("tcpEnabled", false),
        b.string("tcpHost", "0.0.0.0"), b.integer("tcpPort", 7000, 1, 65535),
        b.integer("maxRegistrationsPerSocket", 16, 1, 1000),
        Math.round(b.decimal("authTimeoutSeconds", 5, 0.5, 3600) * 1000));
  }
}
