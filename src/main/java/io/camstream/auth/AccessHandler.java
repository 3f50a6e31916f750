package io.camstream.auth;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Runs before every route: the cross-site check, then the
 * {@link AccessPolicy} row for the path against the caller's role. Puts the caller's
 * {@link Identity} in the context for the routes and the SockJS bridge.
 */
public final class AccessHandler implements Handler<RoutingContext> {
  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
  private final Vertx vertx;
  private final Security security;

  public AccessHandler(Vertx vertx, Security security) {
    this.vertx = vertx;
    this.security = security;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    AccessPolicy.Rule rule = AccessPolicy.rule(request.method(), ctx.normalizedPath());
    if (rule.sameOrigin() || !SAFE.contains(request.method())) {
      String refusal = OriginCheck.refusal(request);
      if (refusal != null) {
        plain(ctx.response(), 403, refusal);
        return;
      }
    }
    if (rule.role() == Role.NONE) {
      ctx.next();
      return;
    }
    String address = request.remoteAddress() == null ? "?" : request.remoteAddress().hostAddress();
    String key = rule.acceptsKey() ? request.getParam("key") : null;
    if (key != null) {
      security.checkRebootKey(vertx, key, address).onComplete(ar -> {
        if (ar.succeeded()) {
          ctx.put(Identity.KEY, ar.result());
          ctx.next();
        } else {
          refuse(ctx, ar.cause());
        }
      });
      return;
    }
    if (rule.acceptsKey() && !security.enabled()) {
      plain(ctx.response(), 401, "add ?key= with auth.rebootKey or an admin's password");
      return;
    }
    Cookie session = request.getCookie(Sessions.COOKIE);
    Future<Identity> who = security.identify(vertx, request.getHeader("Authorization"),
        session == null ? null : session.getValue(), address);
    if (!who.isComplete() && "websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
      // A WebSocket handshake cannot wait for a password check (Vert.x then loses the socket's
      // reads); the check goes on and is remembered for a minute, so a retry is answered at once.
      challenge(request, ctx.response());
      plain(ctx.response(), 401, "on a WebSocket sign in with the session cookie or an API token (Bearer); "
          + "Basic works once the same credentials were accepted on a plain request");
      return;
    }
    // a body must wait for the route's BodyHandler while the password is checked
    boolean pause = !who.isComplete();
    if (pause) {
      request.pause();
    }
    who.onComplete(ar -> {
      if (ar.failed()) {
        refuse(ctx, ar.cause());
      } else if (ar.result().role().atLeast(rule.role())) {
        ctx.put(Identity.KEY, ar.result());
        ctx.next();
      } else if (!ar.result().signedIn()) {
        askToSignIn(ctx);
      } else {
        plain(ctx.response(), 403, "user " + ar.result().name() + " is a " + ar.result().role().label()
            + "; this needs the " + rule.role().label() + " role");
      }
      if (pause) {
        request.resume();
      }
    });
  }

  private static void refuse(RoutingContext ctx, Throwable cause) {
    if (cause instanceof AuthFailure failure) {
      if (failure.status() == 429) {
        ctx.response().putHeader("Retry-After", String.valueOf(failure.retryAfterSeconds()));
        plain(ctx.response(), 429, failure.getMessage());
      } else {
        challenge(ctx.request(), ctx.response());
        plain(ctx.response(), 401, failure.getMessage());
      }
    } else {
      ctx.fail(cause);
    }
  }

  /** Browsers going to a page are sent to the login page; everyone else gets a 401. */
  private static void askToSignIn(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String accept = request.getHeader("Accept");
    if (request.method() == HttpMethod.GET && accept != null && accept.contains("text/html")) {
      ctx.response().setStatusCode(302).putHeader("Location",
          "/login?next=" + URLEncoder.encode(request.uri(), StandardCharsets.UTF_8)).end();
      return;
    }
    challenge(request, ctx.response());
    plain(ctx.response(), 401, "sign in first: at /login in a browser, or send Authorization: Basic or Bearer");
  }

  /**
   * The Basic challenge goes to scripts only: a browser that got it would ask for a password
   * and then send it on its own with every request, cross-site ones included.
   */
  private static void challenge(HttpServerRequest request, HttpServerResponse response) {
    String agent = request.getHeader("User-Agent");
    boolean browser = request.getHeader("Sec-Fetch-Mode") != null || (agent != null && agent.startsWith("Mozilla/"));
    response.putHeader("WWW-Authenticate", browser ? "Bearer realm=\"camstream\"" : "Basic realm=\"camstream\", charset=\"UTF-8\"");
  }

  public static void plain(HttpServerResponse response, int status, String message) {
    if (!response.ended()) {
      response.setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8")
          .putHeader("Cache-Control", "no-store").end(message);
    }
  }
}
