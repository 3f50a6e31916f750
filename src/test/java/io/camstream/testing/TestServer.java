package io.camstream.testing;

import io.camstream.Camstream;
import io.camstream.config.ConfigLoader;
import io.camstream.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A whole camstream server (every verticle, real Vert.x, real HTTP on loopback) for tests.
 * Defaults: a small fast test pattern, a fresh media folder, a free port.
 */
public final class TestServer implements AutoCloseable {
  private final Vertx vertx;
  private final Camstream app;
  private final int port;
  private final Path mediaDir;

  private TestServer(Vertx vertx, Camstream app, int port, Path mediaDir) {
    this.vertx = vertx;
    this.app = app;
    this.port = port;
    this.mediaDir = mediaDir;
  }

  public static TestServer start() {
    return start(Map.of());
  }

  /** @param overrides dotted config keys to values, as with the --set option */
  public static TestServer start(Map<String, String> overrides) {
    return start(null, Map.of(), overrides);
  }

  /**
   * @param configFile a --config file (null for none); the test defaults below sit on the
   *     command-line layer, so they win over it unless {@code overrides} says otherwise
   * @param env CAMSTREAM_* environment variables, as the process would see them
   */
  public static TestServer start(Path configFile, Map<String, String> env, Map<String, String> overrides) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("server.port", String.valueOf(freePort()));
    settings.put("server.host", "127.0.0.1");
    settings.put("server.instances", "2");
    settings.put("camera.source", "test");
    settings.put("camera.width", "320");
    settings.put("camera.height", "240");
    settings.put("camera.fps", "30");
    settings.put("camera.idleReleaseSeconds", "0.5");
    // existing tests run without access control; tests of it set auth.enabled=true
    settings.put("auth.enabled", "false");
    try {
      settings.put("media.dir", Files.createTempDirectory("camstream-media").toString());
      settings.put("auth.usersFile", Files.createTempDirectory("camstream-auth").resolve("users.json").toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    settings.putAll(overrides);
    boolean portChosenHere = !overrides.containsKey("server.port");
    for (int attempt = 1; ; attempt++) {
      JsonObject config = ConfigLoader.load(configFile, env, settings);
      // made and handed to Vert.x as Main does, so /metrics shows Vert.x's meters too
      Metrics metrics = new Metrics();
      Vertx vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(metrics.vertxOptions()))
          .withMetrics(metrics.vertxFactory()).build();
      try {
        Camstream app = Camstream.start(vertx, config, metrics).toCompletionStage().toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
        return new TestServer(vertx, app, Integer.parseInt(settings.get("server.port")),
            Path.of(settings.get("media.dir")));
      } catch (Exception e) {
        closeQuietly(vertx);
        // Test classes run in parallel JVMs (and beside other builds): a free port can be
        // taken by another process's connection before the server binds it. Try another.
        // (Main says "port N is already in use" where the JDK says "Address already in use")
        String message = String.valueOf(e.getMessage());
        if (portChosenHere && attempt < 3 && (message.contains("Address already in use") || message.contains("is already in use"))) {
          settings.put("server.port", String.valueOf(freePort()));
          continue;
        }
        throw new IllegalStateException("test server did not start: " + e.getMessage(), e);
      }
    }
  }

  private static void closeQuietly(Vertx vertx) {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // already failing to start; the start error is the one to report
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  public Camstream app() {
    return app;
  }

  public int port() {
    return port;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  public Path mediaDir() {
    return mediaDir;
  }

  @Override
  public void close() {
    try {
      app.stop().eventually(() -> vertx.close()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("test server did not stop cleanly", e);
    }
  }
}
