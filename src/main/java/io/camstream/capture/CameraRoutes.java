package io.camstream.capture;

import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.camstream.http.BusReplies;
import io.camstream.http.ControlApi;
import io.camstream.http.KnownCameras;
import io.camstream.http.LegacyParams;
import io.camstream.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The old server's camera routes, as thin adapters onto {@code camstream.camera.control} (the
 * default camera); every camera's /api/cameras/ID; the camera list at /cameras, and the
 * admin's adding and removing of cameras at /api/cameras.
 */
public final class CameraRoutes implements Routes {
  private final Vertx vertx;
  private final Control camera;
  private final KnownCameras cameras;

  public CameraRoutes(Vertx vertx, KnownCameras cameras) {
    this.vertx = vertx;
    this.camera = Control.of(vertx, Addresses.CAMERA_CONTROL);
    this.cameras = cameras;
  }

  @Override
  public void mount(Router router) {
    router.get("/grayscale").handler(ctx -> toggle(ctx, "grayscale", "enabled"));
    router.get("/resolution").handler(ctx -> toggle(ctx, "resolution", "half"));
    router.get("/autofocus").handler(ctx -> toggle(ctx, "autofocus", "enabled"));
    router.get("/set_focus").handler(ctx -> number(ctx, "focus", "value"));
    router.get("/step_focus").handler(ctx -> number(ctx, "focus_step", "direction"));
    router.get("/api/camera").handler(ControlApi.state(camera));
    router.post("/api/camera").handler(ControlApi.body()).handler(ControlApi.command(camera));

    router.get("/cameras").handler(this::list);
    router.get("/api/cameras").handler(this::list);
    Control list = Control.of(vertx, Addresses.CAMERAS_CONTROL);
    router.post("/api/cameras").handler(ControlApi.body()).handler(ctx -> {
      JsonObject written = ControlApi.jsonBody(ctx, "{\"id\": \"yard\", \"name\": \"Yard\", \"source\": \"usb:1\"}");
      if (written != null) {
        BusReplies.answerJson(ctx, list.send(new JsonObject().put("action", "add").put("camera", written)));
      }
    });
    router.delete("/api/cameras/:id").handler(ctx -> BusReplies.answerJson(ctx,
        list.send(new JsonObject().put("action", "remove").put("id", ctx.pathParam("id")))));
    router.get("/api/cameras/:id").handler(ctx -> cameras.withCamera(ctx,
        known -> ControlApi.state(Control.of(vertx, Addresses.cameraControl(known.getString("id")))).handle(ctx)));
    router.post("/api/cameras/:id").handler(ControlApi.body()).handler(ctx -> cameras.withCamera(ctx,
        known -> ControlApi.command(Control.of(vertx, Addresses.cameraControl(known.getString("id")))).handle(ctx)));
  }

  /** The cameras with their status and where to watch and control each one. */
  private void list(RoutingContext ctx) {
    cameras.all(ctx, all -> {
      JsonArray listed = new JsonArray();
      for (int i = 0; i < all.size(); i++) {
        JsonObject camera = all.getJsonObject(i).copy();
        String path = "/cameras/" + camera.getString("id");
        listed.add(camera.put("videoFeed", path + "/video_feed").put("frame", path + "/frame.jpg")
            .put("api", "/api" + path).put("recording", "/api" + path + "/recording")
            .put("snapshot", "/api" + path + "/snapshot").put("media", "/api/media?camera=" + camera.getString("id")));
      }
      ctx.response().putHeader("Content-Type", "application/json").end(listed.encode());
    });
  }

  private void toggle(RoutingContext ctx, String action, String key) {
    Boolean enable = LegacyParams.enableFromStatus(ctx);
    if (enable == null) {
      // Old behaviour: an unknown status changes nothing, but a camera that cannot focus still says so.
      BusReplies.answerOld(ctx, action.equals("autofocus") ? focusAvailable() : Future.succeededFuture());
      return;
    }
    BusReplies.answerOld(ctx, camera.send(new JsonObject().put("action", action).put(key, enable)));
  }

  private void number(RoutingContext ctx, String action, String param) {
    Double value = LegacyParams.number(ctx, param);
    if (value == null) {
      String text = ctx.request().getParam(param);
      focusAvailable().onComplete(ar -> {
        if (ar.failed()) {
          BusReplies.answerOld(ctx, Future.failedFuture(ar.cause()));
        } else {
          ctx.response().setStatusCode(400).putHeader("Content-Type", "text/plain; charset=utf-8")
              .end(param + " must be a number" + (text == null ? "; add ?" + param + "=..." : ", not \"" + text + "\""));
        }
      });
      return;
    }
    BusReplies.answerOld(ctx, camera.send(new JsonObject().put("action", action).put(param, value)));
  }


  /** Fails with 403 when the camera cannot focus. */
  private Future<JsonObject> focusAvailable() {
    return camera.state().compose(state -> {
      boolean available = state.getJsonObject("focus", new JsonObject()).getBoolean("available", false);
      return available ? Future.succeededFuture(state)
          : Future.failedFuture(Control.refused(403,
              "this camera cannot focus; if its lens can, set camera.type to LiquidLens"));
    });
  }
}
