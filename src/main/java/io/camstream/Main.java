package io.camstream;

import io.camstream.config.ConfigException;
import io.camstream.config.ConfigLoader;
import io.camstream.http.auth.AuthConfig;
import io.camstream.http.auth.UserCommand;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point: {@code java -jar camstream.jar [options]}. */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) {
    // Vert.x logs through java.util.logging until Logging.configure bridges that into
    // tinylog; otherwise its first logger would fix tinylog's setup before the config is read.
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.JULLogDelegateFactory");
    CommandLine commandLine;
    JsonObject config;
    try {
      commandLine = CommandLine.parse(args);
      if (commandLine.help()) {
        System.out.print(CommandLine.USAGE);
        return;
      }
      config = ConfigLoader.load(commandLine.configFile(), System.getenv(), commandLine.overrides());
      if (!commandLine.rest().isEmpty() && commandLine.rest().get(0).equals("user")) {
        System.exit(UserCommand.run(commandLine.rest(), AuthConfig.from(config), System.out, System.err));
        return;
      }
      Logging.configure(config);
      Camstream.validate(config);
    } catch (CommandLine.UsageException | ConfigException e) {
      System.err.println("camstream: " + e.getMessage());
      System.exit(2);
      return;
    }
    Logger log = LoggerFactory.getLogger(Main.class);

    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setPreferNativeTransport(true))
        .build();
    log.info("camstream starting (Java {}, {} transport)", Runtime.version(),
        vertx.isNativeTransportEnabled() ? "epoll" : "NIO");
    Camstream.start(vertx, config)
        .onSuccess(app -> Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(vertx, app, log), "camstream-shutdown")))
        .onFailure(e -> {
          log.error("camstream could not start: {}", e.getMessage());
          vertx.close().onComplete(done -> System.exit(1));
        });
  }

  private static void shutdown(Vertx vertx, Camstream app, Logger log) {
    log.info("camstream stopping");
    CountDownLatch done = new CountDownLatch(1);
    app.stop().eventually(() -> vertx.close()).onComplete(r -> done.countDown());
    try {
      if (!done.await(15, TimeUnit.SECONDS)) {
        log.warn("shutdown took over 15 s; exiting anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Logging.shutdown();
  }
}
