package io.camstream.web;

import io.camstream.auth.Security;
import io.camstream.bridge.BridgeConfig;
import io.camstream.bridge.SockJsBridgeRoutes;
import io.camstream.capture.CameraRoutes;
import io.camstream.light.LightRoutes;
import io.camstream.media.MediaConfig;
import io.camstream.media.MediaRoutes;
import io.camstream.metrics.Metrics;
import io.camstream.recording.RecordingRoutes;
import io.camstream.stream.MjpegStreamer;
import io.camstream.stream.StreamRoutes;
import io.camstream.stream.ViewerRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web server. Deployed once per core: Vert.x spreads connections over the instances and
 * each one serves its own viewers on its own event loop.
 */
public final class HttpVerticle extends VerticleBase {
  private final Security security;
  private MjpegStreamer streamer;
  private HttpServer server;

  public HttpVerticle(Security security) {
    this.security = security;
  }

  @Override
  public Future<?> start() {
    ServerConfig config = ServerConfig.from(config());
    Metrics metrics = Metrics.of(vertx);
    streamer = new MjpegStreamer(vertx, config.viewerStallMillis(), config.viewerQueueBytes(), metrics.stream());
    streamer.start();

    Router router = Router.router(vertx);
    Hardening.Settings hardening = Hardening.Settings.from(config());
    Hardening.mount(router, vertx, security);
    SystemRoutes.mount(router, vertx, config());
    StreamRoutes.mount(router, vertx, streamer);
    StatusRoutes.mount(router, vertx);
    CameraRoutes.mount(router, vertx);
    ViewerRoutes.mount(router, vertx, config.instances());
    if (BridgeConfig.from(config()).sockjs()) {
      SockJsBridgeRoutes.mount(router, vertx, security);
    }
    LightRoutes.mount(router, vertx);
    MediaRoutes.mount(router, vertx, () -> streamer.currentFrame(5000), MediaConfig.from(config()));
    RecordingRoutes.mount(router, vertx);
    LiveStateSocket.mount(router, vertx);
    PageRoutes.mount(router, vertx);
    MetricsRoutes.mount(router, metrics);
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
    server = Hardening.routeWithHeaderTimeout(vertx, vertx.createHttpServer(options), router,
        hardening.headerTimeoutMillis());
    return server.listen();
  }

  @Override
  public Future<?> stop() {
    streamer.stop();
    return server == null ? Future.succeededFuture() : server.close();
  }
}
