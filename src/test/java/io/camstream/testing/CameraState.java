package io.camstream.testing;

import io.vertx.core.json.JsonObject;

/** Reads the camera part of /api/state. */
public final class CameraState {
  private CameraState() {
  }

  public static JsonObject of(TestServer server) {
    var response = Http.get(server.url("/api/state"));
    if (response.statusCode() != 200) {
      throw new AssertionError("/api/state answered " + response.statusCode() + ": " + response.body());
    }
    return new JsonObject(response.body()).getJsonObject("camera");
  }
}
