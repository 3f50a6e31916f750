package io.camstream.light;

import io.camstream.bus.Control;
import io.camstream.http.BusReplies;
import io.camstream.http.ControlApi;
import io.camstream.http.LegacyParams;
import io.camstream.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The old server's light routes, as thin adapters onto {@code camstream.led.control}, plus
 * the JSON API at /api/light. Values the old server ignored are still ignored here (200),
 * but without a light every route answers 403 as before.
 */
public final class LightRoutes implements Routes {
  private final Control light;

  public LightRoutes(Control light) {
    this.light = light;
  }

  @Override
  public void mount(Router router) {
    // light.state() fails with 403 without a light, so ignored values still answer as before
    router.get("/light").handler(ctx -> {
      Boolean on = LegacyParams.enableFromStatus(ctx);
      BusReplies.answerOld(ctx, on == null ? light.state() : light.send(new JsonObject().put("action", "power").put("on", on)));
    });
    router.get("/set_brightness").handler(ctx -> {
      Integer value = brightness(ctx.request().getParam("value"));
      BusReplies.answerOld(ctx, value == null ? light.state()
          : light.send(new JsonObject().put("action", "brightness").put("value", value)));
    });
    router.get("/set_color").handler(ctx -> {
      String value = color(ctx.request().getParam("value"));
      BusReplies.answerOld(ctx, value == null ? light.state()
          : light.send(new JsonObject().put("action", "color").put("value", value)));
    });
    router.get("/get_controller_data").handler(this::controllerData);
    router.get("/api/light").handler(ControlApi.state(light));
    router.post("/api/light").handler(ControlApi.body()).handler(ControlApi.command(light));
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

  private void controllerData(RoutingContext ctx) {
    light.state().compose(state -> state.containsKey("controllerData") ? Future.succeededFuture(state)
        : Future.failedFuture(Control.refused(403,
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
}
