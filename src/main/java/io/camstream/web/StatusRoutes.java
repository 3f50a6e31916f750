package io.camstream.web;

import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.camstream.bus.LastState;
import io.camstream.http.BusReplies;
import io.camstream.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** /api/state (every part's whole state) and /health, from the states the parts last published. */
public final class StatusRoutes implements Routes {

  private final LastState states;

  public StatusRoutes(LastState states) {
    this.states = states;
  }

  @Override
  public void mount(Router router) {
    // from the last published states, once every state published before this request is in:
    // a script that sends a command and then reads /api/state sees its own change
    router.get("/api/state").handler(ctx -> states.caughtUp().onComplete(caughtUp -> {
      Future<JsonObject> camera = states.get(Addresses.CAMERA_STATE);
      Future<JsonObject> recording = states.get(Addresses.RECORDING_STATE);
      Future<JsonObject> light = states.get(Addresses.LIGHT_STATE);
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
    }));

    router.get("/health").handler(ctx -> states.get(Addresses.CAMERA_STATE).onComplete(ar -> {
      if (ar.succeeded()) {
        // the server stays healthy without its library (live view and recording go on); the field says why
        String camera = ar.result().getString("status");
        Control.of(ctx.vertx(), Addresses.MEDIA_CONTROL).send("state")
            .otherwise(e -> new JsonObject().put("available", false).put("reason", "the media library is not answering: "
                + BusReplies.message(e)))
            .onComplete(media -> ctx.json(new JsonObject().put("status", "ok").put("camera", camera)
                .put("media", media.result())));
      } else {
        ctx.response().setStatusCode(503);
        ctx.json(new JsonObject().put("status", "down").put("reason", "camera not answering"));
      }
    }));
  }
}
