package io.camstream;

import io.camstream.auth.AuthConfig;
import io.camstream.auth.UserCommand;
import io.camstream.cluster.ClusterCommand;
import io.camstream.cluster.ClusterConfig;
import io.camstream.cluster.ClusterNode;
import io.camstream.config.CameraFile;
import io.camstream.config.CommandLine;
import io.camstream.config.ConfigException;
import io.camstream.config.ConfigImportCommand;
import io.camstream.config.ConfigLoader;
import io.camstream.config.LoadedConfig;
import io.camstream.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
    if (args.length > 0 && args[0].equals("db")) {
      System.exit(io.camstream.media.DatabaseCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length),
          System.out, System.err));
      return;
    }
    if (args.length > 0 && args[0].equals("cluster")) {
      System.exit(ClusterCommand.run(java.util.List.of(args).subList(1, args.length), System.out, System.err));
      return;
    }
    if (args.length > 0 && args[0].equals("config")) {
      System.exit(ConfigImportCommand.run(java.util.List.of(args).subList(1, args.length), System.out, System.err));
      return;
    }
    CommandLine commandLine;
    LoadedConfig loaded;
    JsonObject config;
    try {
      commandLine = CommandLine.parse(args);
      if (commandLine.help()) {
        System.out.print(CommandLine.USAGE);
        return;
      }
      if (commandLine.version()) {
        System.out.println("camstream " + version());
        return;
      }
      loaded = ConfigLoader.read(commandLine.configFile(), System.getenv(), commandLine.overrides());
      config = loaded.json();
      if (!commandLine.rest().isEmpty() && commandLine.rest().get(0).equals("user")) {
        System.exit(UserCommand.run(commandLine.rest(), AuthConfig.from(config), commandLine.create(),
            loaded.origins().getOrDefault("auth.usersFile", ""), System.out, System.err));
        return;
      }
      Logging.configure(config);
      loaded.validate(Camstream::validate);
    } catch (CommandLine.UsageException | ConfigException e) {
      System.err.println("camstream: " + e.getMessage());
      System.exit(2);
      return;
    } catch (IllegalStateException e) {
      // a folder that cannot be used: the message names it and what to do
      System.err.println("camstream: " + e.getMessage());
      System.exit(1);
      return;
    }
    Logger log = LoggerFactory.getLogger(Main.class);
    log.info("configuration: {}", loaded.fileRead() == null
        ? "built-in defaults (no --config, no conf/config.json, no config.txt)" : "read " + loaded.fileRead());
    loaded.warnings().forEach(warning -> log.warn("{}", warning));

    Metrics metrics = new Metrics();
    VertxOptions options = new VertxOptions().setPreferNativeTransport(true).setMetricsOptions(metrics.vertxOptions());
    VertxBuilder builder = Vertx.builder().withMetrics(metrics.vertxFactory());
    ClusterConfig cluster = ClusterConfig.from(config);
    // ClusterNode (and with it the cluster manager's classes) is reached only when clustering is on
    Future<Running> running = cluster.enabled()
        ? ClusterNode.join(builder, options, cluster).map(node -> new Running(node.vertx(), node::leave))
        : Future.succeededFuture(Running.alone(builder.with(options).build()));
    Path configFile = commandLine.configFile();
    boolean readJson = configFile != null && configFile.toString().equals(loaded.fileRead());
    // with no file, cameras added at run time go where the next start looks first
    CameraFile cameraFile = configFile == null ? new CameraFile(Path.of("conf", "config.json"))
        : readJson ? new CameraFile(configFile) : null;
    Future<Camstream> starting = running.compose(on -> {
      log.info("camstream starting (Java {}, {} transport)", Runtime.version(),
          on.vertx().isNativeTransportEnabled() ? "epoll" : "NIO");
      return Camstream.start(on.vertx(), config, metrics, cameraFile, "the configuration is the old"
          + " server's " + configFile + ", which has no cameras list: cameras added or removed now hold until the"
          + " server stops. Import it (java -jar camstream.jar config import " + configFile + " --out"
          + " conf/config.json) and start with --config conf/config.json to keep them");
    });
    // Registered before start-up ends, so a SIGTERM while starting still stops cleanly.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(running, starting, log), "camstream-shutdown"));
    starting.onFailure(e -> {
      log.error("camstream could not start: {}", e.getMessage());
      Future<Void> closed = running.succeeded() ? running.result().close().get() : Future.succeededFuture();
      closed.onComplete(done -> System.exit(1));
    });
  }

  /** The Vert.x the server runs on, and how to close it (a clustered one also leaves the cluster). */
  private record Running(Vertx vertx, Supplier<Future<Void>> close) {
    static Running alone(Vertx vertx) {
      return new Running(vertx, vertx::close);
    }
  }

  /** The project version the jar was built from (its manifest), or what the classes are instead. */
  static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version != null ? version : "(not the packaged jar: built from source, no version in a manifest)";
  }

  private static void shutdown(Future<Running> running, Future<Camstream> starting, Logger log) {
    log.info("camstream stopping");
    CountDownLatch done = new CountDownLatch(1);
    // Undeploying in reverse order finalises recordings and closes the database before the
    // camera goes; if start-up had not finished, closing Vert.x undeploys what was deployed.
    Future<Void> stopped = starting.succeeded() ? starting.result().stop() : Future.succeededFuture();
    stopped.eventually(() -> running.succeeded() ? running.result().close().get() : Future.succeededFuture())
        .onComplete(r -> done.countDown());
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
