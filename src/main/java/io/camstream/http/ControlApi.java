package io.camstream.http;

import io.camstream.bus.Control;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The JSON API over a part's control address: {@code GET} answers the state and {@code POST}
 * with a control body ({"action": ...}) answers the new state or an error with the code the
 * part chose. Same messages, same validation as the bus.
 */
public final class ControlApi {
  private ControlApi() {
  }

  /** GET: the part's whole state. */
  public static Handler<RoutingContext> state(Control part) {
    return ctx -> BusReplies.answerJson(ctx, part.state());
  }

  /** Reads the POST body; control bodies are small. */
  public static BodyHandler body() {
    return BodyHandler.create().setBodyLimit(16 * 1024);
  }

  /** POST after {@link #body()}: the control body goes to the part as it is. */
  public static Handler<RoutingContext> command(Control part) {
    return ctx -> {
      JsonObject body = jsonBody(ctx, "{\"action\": \"get\"}");
      if (body == null) {
        return;
      }
      if (!(body.getValue("action") instanceof String)) {
        BusReplies.error(ctx, 400, "the body must be a JSON object with an \"action\" string");
        return;
      }
      BusReplies.answerJson(ctx, part.send(body));
    };
  }

  /** The request's body as a JSON object; null after answering 400 when it is not one. */
  public static JsonObject jsonBody(RoutingContext ctx, String example) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      body = null;
    }
    if (body == null) {
      BusReplies.error(ctx, 400, "the body must be a JSON object like " + example);
    }
    return body;
  }
}
