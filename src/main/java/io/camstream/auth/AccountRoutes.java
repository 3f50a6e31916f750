package io.camstream.auth;

import io.camstream.http.Routes;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * What the pages ask about whoever is looking at them: GET /api/me (who, which role, which of
 * the pages' controls that role may use) and POST /api/me/password (change one's own password).
 */
public final class AccountRoutes implements Routes {
  private final Vertx vertx;
  private final Security security;

  public AccountRoutes(Vertx vertx, Security security) {
    this.vertx = vertx;
    this.security = security;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/me").handler(ctx -> {
      ctx.response().putHeader("Cache-Control", "no-store");
      ctx.json(me(ctx.get(Identity.KEY), security));
    });
    router.post("/api/me/password").handler(BodyHandler.create().setBodyLimit(8192).setHandleFileUploads(false))
        .handler(this::changePassword);
  }

  /** The answer of /api/me, also rendered into the pages so they show the right controls at once. */
  public static JsonObject me(Identity identity, Security security) {
    boolean enabled = security.enabled();
    JsonObject me = new JsonObject()
        .put("user", identity.signedIn() ? identity.name() : null)
        .put("role", identity.role().label())
        .put("signedIn", identity.signedIn())
        .put("via", identity.via())
        .put("signInEnabled", enabled)
        .put("signInRequired", enabled && !security.config().allowAnonymousViewers())
        .put("canChangePassword", enabled && identity.signedIn() && !"key".equals(identity.via()))
        .put("may", new JsonArray(AccessPolicy.pageActions(identity.role())));
    if (!enabled) {
      me.put("note", "sign-in is off (auth.enabled=false): everyone who can reach this server may do everything");
    } else if (!identity.signedIn()) {
      me.put("note", "not signed in: visitors may watch (auth.allowAnonymousViewers=true); sign in to do more");
    }
    return me;
  }

  private void changePassword(RoutingContext ctx) {
    Identity identity = ctx.get(Identity.KEY);
    if (!security.enabled()) {
      UsersRoutes.error(ctx, 409, "sign-in is off (auth.enabled=false), so there is no password to change");
      return;
    }
    if (!identity.signedIn() || "key".equals(identity.via())) {
      UsersRoutes.error(ctx, 403, "sign in to change your password");
      return;
    }
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      body = null;
    }
    Object current = body == null ? null : body.getValue("currentPassword");
    Object next = body == null ? null : body.getValue("newPassword");
    if (!(current instanceof String currentText) || !(next instanceof String nextText)) {
      UsersRoutes.error(ctx, 400, "send a JSON object {\"currentPassword\": \"...\", \"newPassword\": \"...\"}");
      return;
    }
    String address = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
    security.changeOwnPassword(vertx, identity, currentText, nextText, address).onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.json(new JsonObject().put("user", identity.name())
            .put("message", "password changed; your other sign-ins have ended, this one goes on"));
      } else if (ar.cause() instanceof AuthFailure failure && failure.status() == 429) {
        ctx.response().putHeader("Retry-After", String.valueOf(failure.retryAfterSeconds()));
        UsersRoutes.error(ctx, 429, failure.getMessage());
      } else if (ar.cause() instanceof AuthFailure failure) {
        // not 401: the page would take that for a lost sign-in
        UsersRoutes.error(ctx, 403, failure.getMessage().startsWith("wrong") ? "your current password is wrong" : failure.getMessage());
      } else if (ar.cause() instanceof IllegalArgumentException invalid) {
        UsersRoutes.error(ctx, 400, "the new password is not accepted: " + invalid.getMessage());
      } else {
        ctx.fail(ar.cause());
      }
    });
  }
}
