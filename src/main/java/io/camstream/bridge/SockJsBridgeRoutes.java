package io.camstream.bridge;

import io.camstream.auth.Identity;
import io.camstream.auth.Security;
import io.camstream.bus.Control;
import io.camstream.http.Routes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;

/** The SockJS event-bus bridge at /eventbus (WebSocket transport included). */
public final class SockJsBridgeRoutes implements Routes {
  private final Vertx vertx;
  private final Security security;
  private final BridgeConfig config;

  public SockJsBridgeRoutes(Vertx vertx, Security security, BridgeConfig config) {
    this.vertx = vertx;
    this.security = security;
    this.config = config;
  }

  @Override
  public void mount(Router router) {
    SockJSBridgeOptions options = BridgeAccess.permit(new SockJSBridgeOptions());
    BridgeGuard guard = new BridgeGuard(vertx, security, config.maxRegistrationsPerSocket());
    Router bridge = SockJSHandler.create(vertx).bridge(options, event -> {
      if (event.type() == BridgeEventType.REGISTERED) {
        String address = event.getRawMessage().getString("address");
        Control.currentState(vertx, address).onSuccess(state -> event.socket().write(
            new JsonObject().put("type", "rec").put("address", address).put("body", state).encode()));
      }
      var socket = event.socket();
      Identity handshake = socket.routingContext() == null ? null : socket.routingContext().get(Identity.KEY);
      guard.decide(event, socket, handshake, socket.remoteAddress() == null ? "?" : socket.remoteAddress().hostAddress(),
          message -> socket.write(new JsonObject().put("type", "err").put("body", message).encode()));
    });
    router.route("/eventbus/*").subRouter(bridge);
  }
}
