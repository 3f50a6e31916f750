package io.camstream.web;

import io.camstream.config.ConfigSection;
import io.camstream.http.Routes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The old admin routes: /logs in the old JSON shape, /reboot and /shutdown (who may call them
 * is decided by the access table: an admin, or the right {@code key}).
 */
public final class SystemRoutes implements Routes {
  private static final Logger LOG = LoggerFactory.getLogger(SystemRoutes.class);

  private final Vertx vertx;
  private final JsonObject config;

  public SystemRoutes(Vertx vertx, JsonObject config) {
    this.vertx = vertx;
    this.config = config;
  }

  @Override
  public void mount(Router router) {
    SystemConfig system = SystemConfig.from(config);
    Path serverLog = Path.of(new ConfigSection("", config).section("log").string("dir", "logs")).resolve("camstream.log");
    router.get("/logs").handler(ctx -> vertx.executeBlocking(() -> {
      String server = Files.exists(serverLog) ? LogTail.ofFile(serverLog) : "";
      return new JsonArray().add(new JsonObject().put("System", LogTail.kernel()))
          .add(new JsonObject().put("Server", server));
    }, false).onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
            .end(ar.result().encode());
      } else {
        LOG.warn("cannot read {}: {}", serverLog, ar.cause().toString());
        plain(ctx, 500, "the server log cannot be read; see the console");
      }
    }));
    boolean allowed = system.commandsInContainer() || !system.inContainer();
    router.get("/reboot").handler(ctx -> run(ctx, vertx, "reboot", system.rebootCommand(), allowed));
    router.get("/shutdown").handler(ctx -> run(ctx, vertx, "shutdown", system.shutdownCommand(), allowed));
  }

  private static void run(RoutingContext ctx, Vertx vertx, String what, List<String> command, boolean allowed) {
    if (command.isEmpty() || !allowed) {
      plain(ctx, 403, command.isEmpty() ? what + " is turned off (system." + what + "Command is empty)"
          : what + " is off inside a container; set system.commandsInContainer to true to allow it");
      return;
    }
    LOG.warn("{} requested from {}; running {}", what, ctx.request().remoteAddress(), command);
    vertx.executeBlocking(() -> {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("still running after 20 s");
      }
      String output = new String(process.getInputStream().readNBytes(4096), StandardCharsets.UTF_8).trim();
      if (process.exitValue() != 0) {
        throw new IOException("exit code " + process.exitValue() + (output.isEmpty() ? "" : ": " + output));
      }
      return output;
    }, false).onComplete(ar -> {
      if (ar.succeeded()) {
        plain(ctx, 200, "200");
      } else {
        LOG.error("{} command {} failed: {}", what, command, ar.cause().getMessage());
        plain(ctx, 500, "the " + what + " command (" + String.join(" ", command) + ") did not work: "
            + ar.cause().getMessage() + "; let the server's user run it (sudoers) or set system."
            + what + "Command");
      }
    });
  }

  private static void plain(RoutingContext ctx, int status, String text) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(text);
    }
  }
}
