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

  /** The same with credentials, for a server with access control on. */
  public static JsonObject of(TestServer server, String authorization) {
    var response = Http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url("/api/state")))
        .header("Authorization", authorization).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError("/api/state answered " + response.statusCode() + ": " + response.body());
    }
    return new JsonObject(response.body()).getJsonObject("camera");
  }
}
