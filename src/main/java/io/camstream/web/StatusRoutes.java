package io.camstream.web;

import io.camstream.bus.Addresses;
import io.camstream.http.BusReplies;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** /api/state (every part's whole state) and /health. */
final class StatusRoutes {
  private static final DeliveryOptions QUICK = new DeliveryOptions().setSendTimeout(2000);

  private StatusRoutes() {
  }

  static void mount(Router router, Vertx vertx) {
    router.get("/api/state").handler(ctx -> {
      Future<JsonObject> camera = get(vertx, Addresses.CAMERA_CONTROL);
      Future<JsonObject> recording = get(vertx, Addresses.RECORDING_CONTROL);
      Future<JsonObject> light = get(vertx, Addresses.LED_CONTROL);
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

    router.get("/health").handler(ctx -> get(vertx, Addresses.CAMERA_CONTROL).onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.json(new JsonObject().put("status", "ok").put("camera", ar.result().getString("status")));
      } else {
        ctx.response().setStatusCode(503);
        ctx.json(new JsonObject().put("status", "down").put("reason", "camera not answering"));
      }
    }));
  }

  private static Future<JsonObject> get(Vertx vertx, String address) {
    return vertx.eventBus().<JsonObject>request(address, new JsonObject().put("action", "get"), QUICK)
        .map(m -> m.body());
  }
}
