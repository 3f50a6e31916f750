package io.camstream.bridge;

import io.camstream.auth.Identity;
import io.camstream.auth.Security;
import io.camstream.bus.LastState;
import io.camstream.http.Routes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.Transport;

/** The SockJS event-bus bridge at /eventbus (WebSocket transport included). */
public final class SockJsBridgeRoutes implements Routes {
  /** The WebSocket close code for a socket whose user lost the right to it. */
  static final int POLICY_VIOLATION = 1008;
  private final Vertx vertx;
  private final Security security;
  private final LastState states;
  private final BridgeConfig config;

  public SockJsBridgeRoutes(Vertx vertx, Security security, LastState states, BridgeConfig config) {
    this.vertx = vertx;
    this.security = security;
    this.states = states;
    this.config = config;
  }

  @Override
  public void mount(Router router) {
    SockJSBridgeOptions options = BridgeAccess.permit(new SockJSBridgeOptions());
    BridgeGuard guard = new BridgeGuard(vertx, security, config.maxRegistrationsPerSocket(), config.authTimeoutMillis());
    // JSONP and htmlfile echo a caller-given callback into a page; every browser has a better transport
    SockJSHandlerOptions transports = new SockJSHandlerOptions()
        .addDisabledTransport(Transport.JSON_P.name()).addDisabledTransport(Transport.HTML_FILE.name());
    Router bridge = SockJSHandler.create(vertx, transports).bridge(options, event -> {
      if (event.type() == BridgeEventType.REGISTERED) {
        String address = event.getRawMessage().getString("address");
        states.get(address).onSuccess(state -> event.socket().write(
            new JsonObject().put("type", "rec").put("address", address).put("body", state).encode()));
      }
      var socket = event.socket();
      if (event.type() == BridgeEventType.SOCKET_CREATED) {
        Identity handshake = socket.routingContext() == null ? null : socket.routingContext().get(Identity.KEY);
        guard.opened(socket, handshake, reason -> {
          socket.write(BridgeGuard.errorFrame(null, reason, "body").encode());
          socket.close(POLICY_VIOLATION, reason);
        });
      }
      guard.decide(event, socket, socket.remoteAddress() == null ? "?" : socket.remoteAddress().hostAddress(),
          (replyAddress, message) -> socket.write(BridgeGuard.errorFrame(replyAddress, message, "body").encode()));
    });
    router.route("/eventbus/*").subRouter(bridge);
  }
}
