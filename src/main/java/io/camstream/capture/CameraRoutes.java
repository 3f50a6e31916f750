package io.camstream.capture;

import io.camstream.bus.Addresses;
import io.camstream.http.BusReplies;
import io.camstream.http.ControlApi;
import io.camstream.http.LegacyParams;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The old server's camera routes, as thin adapters onto {@code camstream.camera.control}. */
public final class CameraRoutes {
  private CameraRoutes() {
  }

  public static void mount(Router router, Vertx vertx) {
    router.get("/grayscale").handler(ctx -> toggle(ctx, vertx, "grayscale", "enabled"));
    router.get("/resolution").handler(ctx -> toggle(ctx, vertx, "resolution", "half"));
    router.get("/autofocus").handler(ctx -> toggle(ctx, vertx, "autofocus", "enabled"));
    router.get("/set_focus").handler(ctx -> number(ctx, vertx, "focus", "value"));
    router.get("/step_focus").handler(ctx -> number(ctx, vertx, "focus_step", "direction"));
    ControlApi.mount(router, vertx, "/api/camera", Addresses.CAMERA_CONTROL);
  }

  private static void toggle(RoutingContext ctx, Vertx vertx, String action, String key) {
    Boolean enable = LegacyParams.enableFromStatus(ctx);
    if (enable == null) {
      // Old behaviour: an unknown status changes nothing, but a camera that cannot focus still says so.
      BusReplies.answerOld(ctx, action.equals("autofocus") ? focusAvailable(vertx) : Future.succeededFuture());
      return;
    }
    BusReplies.answerOld(ctx, control(vertx, new JsonObject().put("action", action).put(key, enable)));
  }

  private static void number(RoutingContext ctx, Vertx vertx, String action, String param) {
    Double value = LegacyParams.number(ctx, param);
    if (value == null) {
      String text = ctx.request().getParam(param);
      focusAvailable(vertx).onComplete(ar -> {
        if (ar.failed()) {
          BusReplies.answerOld(ctx, Future.failedFuture(ar.cause()));
        } else {
          ctx.response().setStatusCode(400).putHeader("Content-Type", "text/plain; charset=utf-8")
              .end(param + " must be a number" + (text == null ? "; add ?" + param + "=..." : ", not \"" + text + "\""));
        }
      });
      return;
    }
    BusReplies.answerOld(ctx, control(vertx, new JsonObject().put("action", action).put(param, value)));
  }

  private static Future<JsonObject> control(Vertx vertx, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(Addresses.CAMERA_CONTROL, body, ControlApi.TIMEOUT).map(m -> m.body());
  }

  /** Fails with 403 when the camera cannot focus. */
  private static Future<JsonObject> focusAvailable(Vertx vertx) {
    return control(vertx, new JsonObject().put("action", "get")).compose(state -> {
      boolean available = state.getJsonObject("focus", new JsonObject()).getBoolean("available", false);
      return available ? Future.succeededFuture(state)
          : Future.failedFuture(new io.vertx.core.eventbus.ReplyException(
              io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE, 403,
              "this camera cannot focus; if its lens can, set camera.type to LiquidLens"));
    });
  }
}
