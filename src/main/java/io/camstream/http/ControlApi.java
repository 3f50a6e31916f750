package io.camstream.http;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The JSON API over a control address: {@code GET path} answers the state and
 * {@code POST path} with a control body ({"action": ...}) answers the new state or an error
 * with the code the handler chose. Same messages, same validation as the bus.
 */
public final class ControlApi {
  public static final DeliveryOptions TIMEOUT = new DeliveryOptions().setSendTimeout(10_000);

  private ControlApi() {
  }

  public static void mount(Router router, Vertx vertx, String path, String address) {
    router.get(path).handler(ctx -> BusReplies.answerJson(ctx,
        vertx.eventBus().<JsonObject>request(address, new JsonObject().put("action", "get"), TIMEOUT)
            .map(m -> m.body())));
    router.post(path).handler(BodyHandler.create().setBodyLimit(16 * 1024)).handler(ctx -> {
      JsonObject body;
      try {
        body = ctx.body().asJsonObject();
      } catch (DecodeException | ClassCastException e) {
        BusReplies.error(ctx, 400, "the body must be a JSON object like {\"action\": \"get\"}");
        return;
      }
      if (body == null || !(body.getValue("action") instanceof String)) {
        BusReplies.error(ctx, 400, "the body must be a JSON object with an \"action\" string");
        return;
      }
      BusReplies.answerJson(ctx, vertx.eventBus().<JsonObject>request(address, body, TIMEOUT).map(m -> m.body()));
    });
  }
}
