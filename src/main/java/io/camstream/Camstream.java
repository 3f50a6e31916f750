package io.camstream;

import io.camstream.auth.AuthConfig;
import io.camstream.auth.Security;
import io.camstream.bridge.BridgeConfig;
import io.camstream.bridge.TcpBridgeVerticle;
import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.camstream.bus.LastState;
import io.camstream.capture.CameraList;
import io.camstream.capture.CamerasVerticle;
import io.camstream.cluster.ClusterConfig;
import io.camstream.cluster.ClusterCredentials;
import io.camstream.config.CameraFile;
import io.camstream.capture.Frame;
import io.camstream.capture.FrameCodec;
import io.camstream.light.LightVerticle;
import io.camstream.light.LightConfig;
import io.camstream.media.MediaConfig;
import io.camstream.media.MediaVerticle;
import io.camstream.metrics.Metrics;
import io.camstream.recording.RecordingConfig;
import io.camstream.recording.RecordersVerticle;
import io.camstream.web.Hardening;
import io.camstream.web.HttpVerticle;
import io.camstream.web.ServerConfig;
import io.camstream.web.SystemConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the verticles of one camstream server on a Vert.x instance, in dependency order,
 * and undeploys them in reverse. Used by {@link Main} and by the tests.
 */
public final class Camstream {
  private static final Logger LOG = LoggerFactory.getLogger(Camstream.class);

  private final Vertx vertx;
  private final JsonObject config;
  private final Metrics metrics;
  private final List<String> deployments = new ArrayList<>();
  private Security security;
  private LastState states;
  private Runnable stopCameraMeters = () -> { };

  /** Where cameras added or removed at run time are written, or null; and why not, then. */
  private final CameraFile cameraFile;
  private final String cameraFileMissing;

  private Camstream(Vertx vertx, JsonObject config, Metrics metrics, CameraFile cameraFile, String cameraFileMissing) {
    this.vertx = vertx;
    this.config = config;
    this.metrics = metrics;
    this.cameraFile = cameraFile;
    this.cameraFileMissing = cameraFileMissing;
  }

  /** Checks every section of the configuration, so a bad value stops start-up before anything opens. */
  public static void validate(JsonObject config) {
    ServerConfig.from(config);
    CameraList.from(config);
    BridgeConfig.from(config);
    LightConfig.from(config);
    MediaConfig.from(config);
    RecordingConfig.from(config);
    AuthConfig.from(config);
    Hardening.Settings.from(config);
    SystemConfig.from(config);
    ClusterConfig cluster = ClusterConfig.from(config);
    if (cluster.enabled()) {
      // the files are opened now, so missing or mismatched ones stop start-up with what to do
      ClusterCredentials.read(cluster.credentials());
    }
  }

  /**
   * Starts a server on {@code vertx}; {@code metrics} should be the one handed to that Vert.x
   * when it was built, so /metrics shows Vert.x's meters beside camstream's.
   */
  public static Future<Camstream> start(Vertx vertx, JsonObject config, Metrics metrics) {
    return start(vertx, config, metrics, null, "no configuration file was given (--config FILE), so cameras added or"
        + " removed now hold until the server stops");
  }

  /**
   * @param cameraFile where cameras added or removed at run time are written (the JSON file the
   *     server read, or the one it will read next), or null
   * @param cameraFileMissing why there is none, told to whoever adds or removes a camera
   */
  public static Future<Camstream> start(Vertx vertx, JsonObject config, Metrics metrics, CameraFile cameraFile,
      String cameraFileMissing) {
    try {
      validate(config);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    registerCodec(vertx);
    Camstream app = new Camstream(vertx, config, metrics, cameraFile, cameraFileMissing);
    return app.deployAll().map(app);
  }

  /** A server whose /metrics shows camstream's meters only (a Vert.x built without metrics). */
  public static Future<Camstream> start(Vertx vertx, JsonObject config) {
    return start(vertx, config, new Metrics());
  }

  static void registerCodec(Vertx vertx) {
    try {
      vertx.eventBus().registerDefaultCodec(Frame.class, new FrameCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // a second server on the same Vert.x (tests) shares the codec
    }
  }

  private Future<Void> deployAll() {
    ServerConfig server = ServerConfig.from(config);
    BridgeConfig bridge = BridgeConfig.from(config);
    security = new Security(AuthConfig.from(config));
    return security.start(vertx)
        .compose(v -> LastState.start(vertx))
        .onSuccess(started -> {
          states = started;
          metrics.camera().readFrom(id -> states.latest(Addresses.cameraState(id)));
          metrics.mediaDisk().readFrom(MediaConfig.from(config).dir());
          stopCameraMeters = states.listen((address, state) -> {
            if (address.equals(Addresses.CAMERAS)) {
              metrics.camera().cameras(state.getJsonArray("cameras").stream()
                  .map(c -> ((JsonObject) c).getString("id")).toList());
            }
          });
        })
        .compose(v -> deploy(new CamerasVerticle(cameraFile, cameraFileMissing), new DeploymentOptions().setConfig(config)))
        .compose(v -> deploy(new MediaVerticle(), new DeploymentOptions()
            .setThreadingModel(ThreadingModel.WORKER).setConfig(config)))
        .compose(v -> deploy(new RecordersVerticle(), new DeploymentOptions().setConfig(config)))
        .compose(v -> deploy(new LightVerticle(), new DeploymentOptions()
            .setThreadingModel(ThreadingModel.WORKER).setConfig(config)))
        .compose(v -> deploy(() -> new HttpVerticle(security, metrics, states), new DeploymentOptions()
            .setInstances(server.instances()).setConfig(config))
            .recover(e -> Future.failedFuture(cannotListen(e, "the web server", server.host(), server.port(),
                "--port N or server.port"))))
        .compose(v -> bridge.tcpEnabled()
            ? deploy(new TcpBridgeVerticle(security, states), new DeploymentOptions().setConfig(config))
                .recover(e -> Future.failedFuture(cannotListen(e, "the TCP event-bus bridge", bridge.tcpHost(),
                    bridge.tcpPort(), "bridge.tcpPort")))
            : Future.succeededFuture())
        // a part that has published nothing yet is asked once now, not by the first visitor
        .onSuccess(v -> Control.stateAddresses().forEach(states::get))
        .onSuccess(v -> LOG.info("camstream listening on {}://{}:{}/", Hardening.Settings.from(config).tls() ? "https" : "http", displayHost(server.host()), server.port()));
  }

  /** A port that is taken or forbidden, said with the port and what to do; other faults as they are. */
  static Throwable cannotListen(Throwable e, String what, String host, int port, String setting) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (t instanceof java.net.BindException || message.contains("Address already in use")) {
        return new IllegalStateException("port " + port + " is already in use, so " + what + " cannot listen on "
            + host + ":" + port + ". Another program (perhaps another camstream) has it: stop that one"
            + " (`ss -ltnp 'sport = :" + port + "'` shows which), or choose another port with " + setting);
      }
      if (message.contains("Permission denied")) {
        return new IllegalStateException(what + " may not listen on port " + port + ": ports below 1024 need root"
            + " or CAP_NET_BIND_SERVICE; choose a port from 1024 up with " + setting);
      }
      if (message.contains("Cannot assign requested address")) {
        return new IllegalStateException(what + " cannot listen on " + host + ": this machine has no such address;"
            + " use 0.0.0.0 (every address) or one of this machine's own");
      }
    }
    return e;
  }

  private static String displayHost(String host) {
    return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
  }

  private Future<Void> deploy(io.vertx.core.Deployable verticle, DeploymentOptions options) {
    return vertx.deployVerticle(verticle, options).onSuccess(deployments::add).mapEmpty();
  }

  private Future<Void> deploy(java.util.function.Supplier<? extends io.vertx.core.Deployable> verticles,
      DeploymentOptions options) {
    return vertx.deployVerticle(verticles, options).onSuccess(deployments::add).mapEmpty();
  }

  public JsonObject config() {
    return config;
  }

  public int port() {
    return ServerConfig.from(config).port();
  }

  /** Undeploys in reverse order: the web server first, the camera last; then what they shared. */
  public Future<Void> stop() {
    Future<Void> chain = Future.succeededFuture();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      String id = deployments.get(i);
      chain = chain.compose(v -> vertx.undeploy(id).recover(e -> Future.succeededFuture()));
    }
    deployments.clear();
    stopCameraMeters.run();
    return chain.compose(v -> states == null ? Future.<Void>succeededFuture() : states.close())
        .eventually(() -> security == null ? Future.succeededFuture() : security.stop());
  }
}
