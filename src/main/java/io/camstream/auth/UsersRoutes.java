package io.camstream.auth;

import io.camstream.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.concurrent.Callable;

/**
 * /api/users for admins (the access table says so): list, add, change role or password,
 * new API token, remove. The same rules as {@code camstream user ...}.
 */
public final class UsersRoutes implements Routes {
  private final Vertx vertx;
  private final Security security;

  public UsersRoutes(Vertx vertx, Security security) {
    this.vertx = vertx;
    this.security = security;
  }

  @Override
  public void mount(Router router) {
    UserStore store = security.store();
    router.get("/api/users").handler(ctx -> {
      JsonArray users = new JsonArray();
      store.all().forEach(u -> users.add(new JsonObject().put("name", u.name()).put("role", u.role().label())
          .put("tokens", u.tokens().size())));
      ctx.json(users);
    });
    BodyHandler body = BodyHandler.create().setBodyLimit(8192);
    router.post("/api/users").handler(body).handler(ctx -> withBody(ctx, vertx, json -> {
      store.add(json.getString("name"), Role.ofUser(json.getString("role")), json.getString("password"));
      return new JsonObject().put("name", json.getString("name")).put("role", json.getString("role"));
    }));
    router.patch("/api/users/:name").handler(body).handler(ctx -> withBody(ctx, vertx, json -> {
      String name = ctx.pathParam("name");
      if (store.user(name).isEmpty()) {
        throw new IllegalArgumentException("no user " + name);
      }
      if (json.getValue("role") != null) {
        store.setRole(name, Role.ofUser(json.getString("role")));
      }
      if (json.getValue("password") != null) {
        store.setPassword(name, json.getString("password"));
      }
      return new JsonObject().put("name", name).put("role", store.user(name).orElseThrow().role().label());
    }));
    router.post("/api/users/:name/token").handler(ctx -> answer(ctx, vertx,
        () -> new JsonObject().put("token", store.newToken(ctx.pathParam("name")))));
    router.delete("/api/users/:name").handler(ctx -> answer(ctx, vertx, () -> {
      store.remove(ctx.pathParam("name"));
      return new JsonObject().put("removed", ctx.pathParam("name"));
    }));
  }

  private interface JsonChange {
    JsonObject apply(JsonObject body);
  }

  private static void withBody(RoutingContext ctx, Vertx vertx, JsonChange change) {
    JsonObject json;
    try {
      json = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      json = null;
    }
    if (json == null) {
      error(ctx, 400, "the body must be a JSON object like {\"name\": \"alice\", \"role\": \"viewer\", \"password\": \"...\"}");
      return;
    }
    JsonObject body = json;
    answer(ctx, vertx, () -> change.apply(body));
  }

  /** Runs a users-file change off the event loop (hashing and writing take time). */
  private static void answer(RoutingContext ctx, Vertx vertx, Callable<JsonObject> change) {
    Future<JsonObject> done = vertx.executeBlocking(change, true);
    done.onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.json(ar.result());
      } else if (ar.cause() instanceof IllegalArgumentException || ar.cause() instanceof ClassCastException) {
        error(ctx, ar.cause().getMessage() != null && ar.cause().getMessage().startsWith("no user") ? 404 : 400,
            ar.cause().getMessage());
      } else {
        ctx.fail(ar.cause());
      }
    });
  }

  static void error(RoutingContext ctx, int status, String message) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", message).encode());
  }
}
