package io.camstream.light;

import io.camstream.bus.Addresses;
import io.camstream.http.BusReplies;
import io.camstream.http.ControlApi;
import io.camstream.http.LegacyParams;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The old server's light routes, as thin adapters onto {@code camstream.led.control}, plus
 * the JSON API at /api/light. Values the old server ignored are still ignored here (200),
 * but without a light every route answers 403 as before.
 */
public final class LightRoutes {
  private LightRoutes() {
  }

  public static void mount(Router router, Vertx vertx) {
    router.get("/light").handler(ctx -> {
      Boolean on = LegacyParams.enableFromStatus(ctx);
      BusReplies.answerOld(ctx, on == null ? get(vertx) : control(vertx, new JsonObject().put("action", "power").put("on", on)));
    });
    router.get("/set_brightness").handler(ctx -> {
      Integer value = brightness(ctx.request().getParam("value"));
      BusReplies.answerOld(ctx, value == null ? get(vertx)
          : control(vertx, new JsonObject().put("action", "brightness").put("value", value)));
    });
    router.get("/set_color").handler(ctx -> {
      String value = color(ctx.request().getParam("value"));
      BusReplies.answerOld(ctx, value == null ? get(vertx)
          : control(vertx, new JsonObject().put("action", "color").put("value", value)));
    });
    router.get("/get_controller_data").handler(ctx -> controllerData(ctx, vertx));
    ControlApi.mount(router, vertx, "/api/light", Addresses.LED_CONTROL);
  }

  /** Old /set_brightness: a whole number 0-255, anything else is ignored. */
  static Integer brightness(String text) {
    if (text == null) {
      return null;
    }
    try {
      int value = Integer.parseInt(text.trim());
      return value >= 0 && value <= 255 ? value : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Old /set_color: shorter than six characters is ignored, longer uses the first six; non-hex is ignored. */
  static String color(String text) {
    if (text == null || text.length() < 6) {
      return null;
    }
    String six = text.substring(0, 6);
    return six.matches("[0-9A-Fa-f]{6}") ? six : null;
  }

  private static void controllerData(RoutingContext ctx, Vertx vertx) {
    get(vertx).compose(state -> state.containsKey("controllerData") ? Future.succeededFuture(state)
        : Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 403,
            "no serial light controller is attached: set light.type to trinket and light.tty to its port")))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            String line = ar.result().getString("controllerData");
            ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(line == null ? "" : line);
          } else {
            BusReplies.answerOld(ctx, Future.failedFuture(ar.cause()));
          }
        });
  }

  /** Fails with 403 when no light is attached, so ignored values still answer as before. */
  private static Future<JsonObject> get(Vertx vertx) {
    return control(vertx, new JsonObject().put("action", "get"));
  }

  private static Future<JsonObject> control(Vertx vertx, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(Addresses.LED_CONTROL, body, ControlApi.TIMEOUT).map(m -> m.body());
  }
}
