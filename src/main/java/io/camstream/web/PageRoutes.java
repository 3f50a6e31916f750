package io.camstream.web;

import io.camstream.auth.AccountRoutes;
import io.camstream.auth.Identity;
import io.camstream.auth.Security;
import io.camstream.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.templ.handlebars.HandlebarsTemplateEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The pages: {@code /} (live view, controls, media) and {@code /database} (media list
 * editor), rendered with Handlebars, each with who is signed in ({@code templates/account.hbs}). Asset links carry a hash of the assets' contents, so
 * browsers may cache them for an hour and still never run an old script after an update.
 */
public final class PageRoutes implements Routes {
  /** Every file the pages link to, relative to webroot/. */
  static final List<String> ASSETS = List.of("css/app.css", "js/common.js", "js/live.js", "js/media.js",
      "js/database.js", "js/account.js");

  private final Vertx vertx;
  private final Security security;

  public PageRoutes(Vertx vertx, Security security) {
    this.vertx = vertx;
    this.security = security;
  }

  @Override
  public void mount(Router router) {
    HandlebarsTemplateEngine engine = HandlebarsTemplateEngine.create(vertx);
    Future<String> version = vertx.executeBlocking(PageRoutes::assetVersion);
    router.get("/").handler(ctx -> render(ctx, engine, version, "templates/live.hbs", "camstream"));
    router.get("/database").handler(ctx -> render(ctx, engine, version, "templates/database.hbs",
        "camstream · media list"));
  }

  private void render(RoutingContext ctx, HandlebarsTemplateEngine engine, Future<String> version,
      String template, String title) {
    // who is looking, so the page shows only the controls their role may use from the start
    String me = AccountRoutes.me(ctx.get(Identity.KEY), security).encode();
    version.compose(v -> engine.render(new JsonObject().put("v", v).put("title", title).put("me", me), template))
        .onSuccess(page -> ctx.response()
            .putHeader("Content-Type", "text/html; charset=utf-8")
            .putHeader("Cache-Control", "no-cache")
            .putHeader("X-Content-Type-Options", "nosniff")
            .end(page))
        .onFailure(ctx::fail);
  }

  private static String assetVersion() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String asset : ASSETS) {
        try (InputStream in = PageRoutes.class.getClassLoader().getResourceAsStream("webroot/" + asset)) {
          if (in == null) {
            throw new IllegalStateException("webroot/" + asset + " is missing from the build");
          }
          digest.update(in.readAllBytes());
        }
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
