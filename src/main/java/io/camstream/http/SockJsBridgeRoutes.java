package io.camstream.http;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;

/** The SockJS event-bus bridge at /eventbus (WebSocket transport included). */
final class SockJsBridgeRoutes {
  private SockJsBridgeRoutes() {
  }

  static void mount(Router router, Vertx vertx) {
    SockJSBridgeOptions options = BridgeAccess.permit(new SockJSBridgeOptions());
    Router bridge = SockJSHandler.create(vertx).bridge(options, event -> {
      if (event.type() == BridgeEventType.REGISTERED) {
        String address = event.getRawMessage().getString("address");
        BridgeAccess.currentState(vertx, address).onSuccess(state -> event.socket().write(
            new JsonObject().put("type", "rec").put("address", address).put("body", state).encode()));
      }
      event.complete(true);
    });
    router.route("/eventbus/*").subRouter(bridge);
  }
}
