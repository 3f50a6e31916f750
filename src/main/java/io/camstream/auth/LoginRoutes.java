package io.camstream.auth;

import io.camstream.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The sign-in page and its form (a session cookie: HttpOnly, SameSite=Strict, Secure under
 * TLS), sign-out, and /api/session telling a page who is signed in.
 */
public final class LoginRoutes implements Routes {
  private static final String PAGE = readPage();

  private final Vertx vertx;
  private final Security security;

  public LoginRoutes(Vertx vertx, Security security) {
    this.vertx = vertx;
    this.security = security;
  }

  @Override
  public void mount(Router router) {
    router.get("/login").handler(ctx -> page(ctx, 200, "", ctx.request().getParam("next")));
    router.post("/login").handler(BodyHandler.create().setBodyLimit(8192).setHandleFileUploads(false))
        .handler(ctx -> login(ctx, vertx, security));
    router.post("/logout").handler(ctx -> {
      Cookie cookie = ctx.request().getCookie(Sessions.COOKIE);
      Future<Void> closed = cookie == null ? Future.succeededFuture() : security.closeSession(vertx, cookie.getValue());
      closed.onComplete(done -> {
        ctx.response().addCookie(sessionCookie("", ctx.request()).setMaxAge(0));
        ctx.response().setStatusCode(303).putHeader("Location", "/login").end();
      });
    });
    router.get("/api/session").handler(ctx -> {
      Identity identity = ctx.get(Identity.KEY);
      ctx.json(new JsonObject().put("user", identity.name()).put("role", identity.role().label())
          .put("via", identity.via()).put("authEnabled", security.enabled()));
    });
  }

  private static void login(RoutingContext ctx, Vertx vertx, Security security) {
    HttpServerRequest request = ctx.request();
    String name = request.getFormAttribute("username");
    String password = request.getFormAttribute("password");
    String next = request.getFormAttribute("next");
    if (!security.enabled()) {
      redirect(ctx, next);
      return;
    }
    if (name == null || password == null || name.isEmpty()) {
      page(ctx, 400, "Enter a user name and a password.", next);
      return;
    }
    String address = request.remoteAddress() == null ? "?" : request.remoteAddress().hostAddress();
    security.checkPassword(vertx, name, password, address).onComplete(ar -> {
      if (ar.succeeded()) {
        // no Max-Age: the browser forgets it when it closes, the server after auth.sessionHours idle
        security.openSession(vertx, ar.result()).onSuccess(id -> {
          ctx.response().addCookie(sessionCookie(id, request));
          redirect(ctx, next);
        }).onFailure(ctx::fail);
      } else if (ar.cause() instanceof AuthFailure failure) {
        if (failure.status() == 429) {
          ctx.response().putHeader("Retry-After", String.valueOf(failure.retryAfterSeconds()));
        }
        page(ctx, failure.status(), failure.status() == 429 ? failure.getMessage() : "Wrong user name or password.", next);
      } else {
        ctx.fail(ar.cause());
      }
    });
  }

  private static Cookie sessionCookie(String value, HttpServerRequest request) {
    return Cookie.cookie(Sessions.COOKIE, value).setPath("/").setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT).setSecure(request.isSSL());
  }

  /** Only a path on this server, so the form cannot send anyone elsewhere. */
  static String localPath(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")
        || next.length() > 2000 || next.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return "/";
    }
    return next;
  }

  private static void redirect(RoutingContext ctx, String next) {
    ctx.response().setStatusCode(303).putHeader("Location", localPath(next)).end();
  }

  private static void page(RoutingContext ctx, int status, String message, String next) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(PAGE.replace("{{message}}", escape(message)).replace("{{next}}", escape(localPath(next))));
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String readPage() {
    try (InputStream in = LoginRoutes.class.getResourceAsStream("/auth/login.html")) {
      if (in == null) {
        throw new IllegalStateException("auth/login.html is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
