package io.camstream.web;

import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.camstream.http.BusReplies;
import io.camstream.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** /api/state (every part's whole state) and /health. */
public final class StatusRoutes implements Routes {

  private final Vertx vertx;

  public StatusRoutes(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/state").handler(ctx -> {
      Future<JsonObject> camera = Control.of(vertx, Addresses.CAMERA_CONTROL).state();
      Future<JsonObject> recording = Control.of(vertx, Addresses.RECORDING_CONTROL).state();
      Future<JsonObject> light = Control.of(vertx, Addresses.LIGHT_CONTROL).state();
      Future.join(camera, recording, light).onComplete(done -> {
        if (camera.failed()) {
          BusReplies.error(ctx, 503, "the camera is not answering: " + BusReplies.message(camera.cause()));
          return;
        }
        ctx.json(new JsonObject()
            .put("camera", camera.result())
            .put("recording", recording.succeeded() ? recording.result() : null)
            .put("light", light.succeeded() ? light.result() : null));
      });
    });

    router.get("/health").handler(ctx -> Control.of(vertx, Addresses.CAMERA_CONTROL).state().onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.json(new JsonObject().put("status", "ok").put("camera", ar.result().getString("status")));
      } else {
        ctx.response().setStatusCode(503);
        ctx.json(new JsonObject().put("status", "down").put("reason", "camera not answering"));
      }
    }));
  }
}
