package io.camstream.http;

import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Turns event-bus replies into HTTP answers, so every route answers exactly what the bus
 * answered: old routes in the old server's plain-text style, /api routes as JSON.
 */
public final class BusReplies {
  private BusReplies() {
  }

  /** Old-route style: body "200" on success, else the code and a short explanation. */
  public static void answerOld(RoutingContext ctx, Future<?> reply) {
    reply.onComplete(ar -> {
      if (ctx.response().ended()) {
        return;
      }
      if (ar.succeeded()) {
        ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end("200");
      } else {
        ctx.response().setStatusCode(status(ar.cause()))
            .putHeader("Content-Type", "text/plain; charset=utf-8").end(message(ar.cause()));
      }
    });
  }

  /** JSON style: the reply body (the new state) on success, else {"error": "..."} with the code. */
  public static void answerJson(RoutingContext ctx, Future<JsonObject> reply) {
    reply.onComplete(ar -> {
      if (ctx.response().ended()) {
        return;
      }
      if (ar.succeeded()) {
        ctx.json(ar.result());
      } else {
        error(ctx, status(ar.cause()), message(ar.cause()));
      }
    });
  }

  public static void error(RoutingContext ctx, int status, String message) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", message).encode());
  }

  public static int status(Throwable cause) {
    if (cause instanceof ReplyException re) {
      if (re.failureType() == ReplyFailure.RECIPIENT_FAILURE && re.failureCode() >= 400 && re.failureCode() < 600) {
        return re.failureCode();
      }
      return 503;
    }
    return 500;
  }

  public static String message(Throwable cause) {
    if (cause instanceof ReplyException re && re.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
      return re.failureType() == ReplyFailure.TIMEOUT
          ? "the server did not answer in time; try again"
          : "that part of the server is not running";
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }
}
