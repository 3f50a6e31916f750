package io.camstream.web;

import io.camstream.auth.AccessHandler;
import io.camstream.auth.Security;
import io.camstream.config.ConfigException;
import io.camstream.config.ConfigSection;
import io.camstream.http.ClientFaults;
import io.camstream.http.Connections;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the web server refuses before any route: oversized request lines, headers and bodies,
 * connections that trickle their headers, and internals in error answers. Also TLS when a
 * PEM certificate and key are configured.
 */
public final class Hardening {
  static final int MAX_BODY_BYTES = 1024 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(Hardening.class);

  /** The hardening keys of the {@code server} section. */
  public record Settings(Path tlsCert, Path tlsKey, long headerTimeoutMillis, long bodyTimeoutMillis,
      long idleTimeoutMillis, Set<String> allowedHosts) {
    public static Settings from(JsonObject config) {
      ConfigSection s = new ConfigSection("", config).section("server");
      String cert = s.string("tlsCertFile", "");
      String key = s.string("tlsKeyFile", "");
      if (cert.isEmpty() != key.isEmpty()) {
        throw new ConfigException("server.tlsCertFile and server.tlsKeyFile go together: set both (PEM files) or neither");
      }
      for (String file : new String[] {cert, key}) {
        if (!file.isEmpty() && !Files.isReadable(Path.of(file))) {
          throw ConfigException.badValue(cert.equals(file) ? "server.tlsCertFile" : "server.tlsKeyFile", file,
              "give a readable PEM file");
        }
      }
      String hosts = s.string("allowedHosts", "").trim().toLowerCase(Locale.ROOT);
      return new Settings(cert.isEmpty() ? null : Path.of(cert), key.isEmpty() ? null : Path.of(key),
          Math.round(s.decimal("headerTimeoutSeconds", 5, 0.5, 300) * 1000),
          Math.round(s.decimal("bodyTimeoutSeconds", 10, 0.5, 3600) * 1000),
          Math.round(s.decimal("idleTimeoutSeconds", 10, 0.5, 3600) * 1000),
          hosts.isEmpty() ? Set.of() : Set.of(hosts.split("[\\s,]+")));
    }

    public boolean tls() {
      return tlsCert != null;
    }
  }

  private Hardening() {
  }

  public static HttpServerOptions options(HttpServerOptions options, Settings settings) {
    // without h2c the HTTP/1 connection exists from its first byte, so the header timer can start there
    options.setMaxInitialLineLength(4096).setMaxHeaderSize(8192).setMaxFormAttributeSize(8192)
        .setMaxFormFields(64).setMaxFormBufferedBytes(8192).setHttp2ClearTextEnabled(false);
    if (settings.tls()) {
      options.setSslHandshakeTimeout(settings.headerTimeoutMillis()).setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
          .setCertPath(settings.tlsCert().toString()).setKeyPath(settings.tlsKey().toString()));
    }
    return options;
  }

  /**
   * Mounts, before every feature route: the access check with security headers, the size
   * check, and a failure handler that answers a plain 500 without internals (and logs them).
   */
  public static void mount(Router router, Vertx vertx, Security security, Settings settings) {
    router.route().handler(ctx -> {
      HttpServerRequest request = ctx.request();
      SecurityHeaders.apply(ctx.response(), request.authority() == null ? null : request.authority().toString(),
          request.isSSL());
      if (!settings.allowedHosts().isEmpty() && (request.authority() == null
          || !settings.allowedHosts().contains(request.authority().host().toLowerCase(Locale.ROOT)))) {
        AccessHandler.plain(ctx.response(), 400, "this server answers only to the host names in server.allowedHosts;"
            + " use one of them in the address");
        return;
      }
      if (security.enabled() && request.path().startsWith("/media/")) {
        // signed-in content: no shared cache (proxy) may keep a copy for the next visitor
        ctx.response().putHeader("Cache-Control", "private");
      }
      try {
        // decoded once here, so a broken escape is a 400 before any route reads a parameter
        request.params();
        ctx.normalizedPath();
      } catch (IllegalArgumentException badEscape) {
        AccessHandler.plain(ctx.response(), 400, "the address has a broken %-escape; write % as %25");
        return;
      }
      String length = request.getHeader("Content-Length");
      if (length != null && (length.isEmpty() || length.length() > 9 || !length.chars().allMatch(Character::isDigit)
          || Long.parseLong(length) > MAX_BODY_BYTES)) {
        ctx.response().putHeader("Connection", "close");
        AccessHandler.plain(ctx.response(), 413, "request body too large (at most " + MAX_BODY_BYTES + " bytes)");
        return;
      }
      ctx.next();
    });
    router.route().handler(new AccessHandler(vertx, security));
    router.route().failureHandler(ctx -> {
      int status = ctx.statusCode();
      if (status >= 400 && status < 500) {
        AccessHandler.plain(ctx.response(), status, status == 413 ? "request body too large" : "bad request");
        return;
      }
      if (ClientFaults.isClientFault(ctx.failure())) {
        // the client went away (a download broken off): nobody to answer, nothing to fix here
        ClientFaults.note(ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress(), ctx.request().method() + " "
            + Security.printable(ctx.request().path()) + " broken off: " + ctx.failure().getMessage());
        ctx.response().reset();
        return;
      }
      LOG.error("{} {} failed", ctx.request().method(), Security.printable(ctx.request().path()), ctx.failure());
      AccessHandler.plain(ctx.response(), 500, "internal error; the server log has the details");
    });
  }

  /**
   * Routes requests and cuts a connection whose request headers have not all arrived within
   * the header timeout, whose request body has not all arrived within the body timeout (also
   * when the answer, a 401 say, went out before it), or whose next request has not arrived
   * within the idle timeout after its last answer.
   * Vert.x has no such timeouts; the timers live on this server's event loop.
   */
  public static HttpServer routeWithTimeouts(Vertx vertx, HttpServer server, Router router, Settings settings) {
    Map<HttpConnection, Long> timers = new HashMap<>();
    server.connectionHandler(connection -> {
      arm(vertx, timers, connection, settings.headerTimeoutMillis(), () -> Connections.cut(connection));
      connection.closeHandler(v -> cancel(vertx, timers, connection));
    });
    server.requestHandler((HttpServerRequest request) -> {
      HttpConnection connection = request.connection();
      Runnable idle = () -> arm(vertx, timers, connection, settings.idleTimeoutMillis(), () -> Connections.cut(connection));
      arm(vertx, timers, connection, settings.bodyTimeoutMillis(), () -> {
        if (!request.isEnded()) {
          Connections.cut(connection);
        } else if (request.response().ended()) {
          // the answer went out before the body was in; the body arrived since
          idle.run();
        }
      });
      request.response().endHandler(v -> {
        if (request.headers().contains("Upgrade")) {
          cancel(vertx, timers, connection);
        } else if (request.isEnded()) {
          idle.run();
        } else {
          // answered before the request's end was read (a bodiless GET answered at once from
          // memory): its end is usually in the same read, handled right after this task
          vertx.runOnContext(later -> {
            if (request.isEnded()) {
              idle.run();
            }
          });
        }
      });
      router.handle(request);
    });
    return server;
  }

  private static void arm(Vertx vertx, Map<HttpConnection, Long> timers, HttpConnection connection, long timeoutMillis,
      Runnable onTimeout) {
    cancel(vertx, timers, connection);
    timers.put(connection, vertx.setTimer(timeoutMillis, id -> {
      timers.remove(connection);
      onTimeout.run();
    }));
  }

  private static void cancel(Vertx vertx, Map<HttpConnection, Long> timers, HttpConnection connection) {
    Long timer = timers.remove(connection);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }
}
