package io.camstream.web;

import io.camstream.auth.AccountRoutes;
import io.camstream.auth.LoginRoutes;
import io.camstream.auth.Security;
import io.camstream.auth.UsersRoutes;
import io.camstream.bridge.BridgeConfig;
import io.camstream.bridge.SockJsBridgeRoutes;
import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.camstream.bus.LastState;
import io.camstream.capture.CameraRoutes;
import io.camstream.http.KnownCameras;
import io.camstream.http.Routes;
import io.camstream.light.LightRoutes;
import io.camstream.media.MediaConfig;
import io.camstream.media.MediaRoutes;
import io.camstream.metrics.Metrics;
import io.camstream.recording.RecordingRoutes;
import io.camstream.stream.CameraStreams;
import io.camstream.stream.StreamRoutes;
import io.camstream.stream.ViewerRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * The web server. Deployed once per core: Vert.x spreads connections over the instances and
 * each one serves its own viewers on its own event loop.
 */
public final class HttpVerticle extends VerticleBase {
  private final Security security;
  private final Metrics metrics;
  private final LastState states;
  private CameraStreams streams;
  private Runnable stopLiveState;
  private HttpServer server;

  /** Every instance shares the server's security, meters and last published states. */
  public HttpVerticle(Security security, Metrics metrics, LastState states) {
    this.security = security;
    this.metrics = metrics;
    this.states = states;
  }

  @Override
  public Future<?> start() {
    ServerConfig config = ServerConfig.from(config());
    streams = new CameraStreams(vertx, config.viewerStallMillis(), config.viewerQueueBytes(), metrics.stream());
    streams.start(states);
    KnownCameras cameras = new KnownCameras(states);

    Router router = Router.router(vertx);
    Hardening.Settings hardening = Hardening.Settings.from(config());
    Hardening.mount(router, vertx, security, hardening);
    List<Routes> doors = new ArrayList<>(List.of(
        new LoginRoutes(vertx, security),
        new AccountRoutes(vertx, security),
        new UsersRoutes(vertx, security),
        new SystemRoutes(vertx, config()),
        new StreamRoutes(streams, cameras),
        new StatusRoutes(states),
        new CameraRoutes(vertx, cameras),
        new ViewerRoutes(vertx, config.instances())));
    BridgeConfig bridges = BridgeConfig.from(config());
    if (bridges.sockjs()) {
      doors.add(new SockJsBridgeRoutes(vertx, security, states, bridges));
    }
    doors.add(new LightRoutes(Control.of(vertx, Addresses.LIGHT_CONTROL)));
    doors.add(new MediaRoutes(vertx, camera -> (camera == null ? streams.defaultCamera() : streams.of(camera))
        .currentFrame(5000), cameras, MediaConfig.from(config())));
    doors.add(new RecordingRoutes(vertx, cameras));
    doors.forEach(door -> door.mount(router));
    stopLiveState = LiveStateSocket.mount(router, vertx, states, security);
    new PageRoutes(vertx, security).mount(router);
    new MetricsRoutes(metrics).mount(router);
    router.route("/*").handler(StaticHandler.create("webroot").setMaxAgeSeconds(3600));

    HttpServerOptions options = Hardening.options(new HttpServerOptions(), hardening)
        .setHost(config.host())
        .setPort(config.port())
        .setTcpNoDelay(true)
        .setCompressionSupported(false)
        // WebSocket compression puts an extension handler in every HTTP/1 connection's
        // pipeline, which each M-JPEG part then passes through (JFR: ~4 % of the fan-out)
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false);
    if (config.sendBufferBytes() > 0) {
      options.setSendBufferSize(config.sendBufferBytes());
    }
    server = Hardening.routeWithTimeouts(vertx, vertx.createHttpServer(options), router, hardening);
    return server.listen();
  }

  @Override
  public Future<?> stop() {
    stopLiveState.run();
    streams.stop();
    return server == null ? Future.succeededFuture() : server.close();
  }
}
