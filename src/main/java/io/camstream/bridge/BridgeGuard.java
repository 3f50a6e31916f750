package io.camstream.bridge;

import io.camstream.auth.Identity;
import io.camstream.auth.Role;
import io.camstream.auth.Security;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BaseBridgeEvent;
import io.vertx.ext.bridge.BridgeEventType;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Roles on the event-bus bridges: a viewer may register (receive), only an operator may send
 * or publish. A socket starts with the identity of its HTTP handshake (SockJS: the session or
 * the credentials of the page) or none (TCP); a message may carry
 * {@code "headers": {"authorization": "Basic BASE64(user:password)"}} or
 * {@code "Bearer TOKEN"}, which then holds for the rest of that socket's life. The header
 * is removed before the message goes on the bus. One guard per bridge, used on its event loop.
 */
public final class BridgeGuard {
  private final Vertx vertx;
  private final Security security;
  private final Map<Object, Identity> identities = new WeakHashMap<>();

  public BridgeGuard(Vertx vertx, Security security) {
    this.vertx = vertx;
    this.security = security;
  }

  /**
   * Completes the event, allowed or refused ("access_denied" for the client), and returns the decision.
   *
   * @param socket the bridge socket the event came from
   * @param handshake the identity of the socket's HTTP handshake, or null
   * @param address the client's address, for the limit on failed passwords
   */
  public Future<Boolean> decide(BaseBridgeEvent event, Object socket, Identity handshake, String address) {
    BridgeEventType type = event.type();
    if (type == BridgeEventType.SOCKET_CLOSED) {
      identities.remove(socket);
      return allow(event, true);
    }
    Role needed = switch (type) {
      case SEND, PUBLISH -> Role.OPERATOR;
      case REGISTER -> Role.VIEWER;
      default -> Role.NONE;
    };
    if (needed == Role.NONE || !security.enabled()) {
      return allow(event, true);
    }
    JsonObject raw = event.getRawMessage();
    JsonObject headers = raw == null ? null : raw.getValue("headers") instanceof JsonObject h ? h : null;
    Object authorization = headers == null ? null : headers.remove("authorization");
    Future<Identity> who;
    if (authorization instanceof String credentials) {
      event.setRawMessage(raw);
      who = security.identify(vertx, credentials, null, address).onSuccess(identity -> identities.put(socket, identity));
    } else {
      Identity known = identities.get(socket);
      who = known != null ? Future.succeededFuture(known)
          : handshake != null ? Future.succeededFuture(handshake) : security.identify(vertx, null, null, address);
    }
    return who.transform(ar -> Future.succeededFuture(allow(event, ar.succeeded() && ar.result().role().atLeast(needed))
        .result()));
  }

  private static Future<Boolean> allow(BaseBridgeEvent event, boolean allowed) {
    event.complete(allowed);
    return Future.succeededFuture(allowed);
  }
}
