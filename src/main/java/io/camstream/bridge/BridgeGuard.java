package io.camstream.bridge;

import io.camstream.auth.Identity;
import io.camstream.auth.Role;
import io.camstream.auth.Security;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BaseBridgeEvent;
import io.vertx.ext.bridge.BridgeEventType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Roles on the event-bus bridges: a viewer may register (receive), only an operator may send
 * or publish. A socket starts with the identity of its HTTP handshake (SockJS: the session or
 * the credentials of the page) or none (TCP); a message may carry
 * {@code "headers": {"authorization": "Basic BASE64(user:password)"}} or
 * {@code "Bearer TOKEN"}, which then holds for the rest of that socket's life. The header
 * is removed before the message goes on the bus. One guard per bridge, used on its event loop.
 *
 * <p>Rights follow the user: every message is checked against the user's current role, and
 * after every change of users or sessions each open socket is checked again; a socket whose
 * proof no longer holds (signed out, password changed, token revoked, user removed) is told so
 * and closed. A socket without a handshake identity that has not signed in within
 * {@code bridge.authTimeoutSeconds} is closed too, unless anonymous visitors may watch.
 *
 * <p>It also keeps each socket's registrations: every register adds an event-bus consumer, so
 * a repeated one and those over {@code bridge.maxRegistrationsPerSocket} are refused.
 */
public final class BridgeGuard {
  private final Vertx vertx;
  private final Security security;
  private final int maxRegistrations;
  private final long authTimeoutMillis;
  private final Map<Object, Connection> connections = new HashMap<>();

  /** What the guard knows of one open socket. */
  private static final class Connection {
    final Consumer<String> close;
    final Set<String> registrations = new HashSet<>();
    /** The handshake's identity, then that of the last accepted credentials; null while anonymous. */
    Identity identity;
    Runnable release = () -> { };
    long deadline = -1;

    Connection(Consumer<String> close) {
      this.close = close;
    }

    void identify(Identity who, Security security) {
      release.run();
      identity = who;
      release = security.hold(who);
    }
  }

  /**
   * @param authTimeoutMillis how long a socket without a handshake identity may stay anonymous
   *     (when anonymous visitors may not watch)
   */
  public BridgeGuard(Vertx vertx, Security security, int maxRegistrations, long authTimeoutMillis) {
    this.vertx = vertx;
    this.security = security;
    this.maxRegistrations = maxRegistrations;
    this.authTimeoutMillis = authTimeoutMillis;
    security.onChange(vertx, this::checkAll);
  }

  /**
   * A socket opened.
   *
   * @param handshake the identity of its HTTP handshake, or null
   * @param close tells the client the reason and closes the socket
   */
  public void opened(Object socket, Identity handshake, Consumer<String> close) {
    Connection connection = new Connection(close);
    connections.put(socket, connection);
    if (handshake != null) {
      connection.identify(handshake, security);
    } else if (security.enabled() && !security.anonymousRole().atLeast(Role.VIEWER)) {
      connection.deadline = vertx.setTimer(authTimeoutMillis, id -> {
        if (connections.get(socket) == connection && connection.identity == null) {
          close.accept("sign in within " + authTimeoutMillis / 1000.0 + " s (bridge.authTimeoutSeconds): send "
              + "\"headers\": {\"authorization\": \"Basic ...\" or \"Bearer ...\"} with the first message");
        }
      });
    }
  }

  /** A socket closed: forget it and what it held. */
  public void closed(Object socket) {
    Connection connection = connections.remove(socket);
    if (connection != null) {
      connection.release.run();
      if (connection.deadline >= 0) {
        vertx.cancelTimer(connection.deadline);
      }
    }
  }

  /** After a change of users or sessions: closes the sockets whose user may no longer watch. */
  private void checkAll() {
    for (Connection connection : List.copyOf(connections.values())) {
      if (connection.identity != null && !security.currentRole(connection.identity).atLeast(Role.VIEWER)) {
        connection.close.accept(Security.SIGN_IN_AGAIN);
      }
    }
  }

  /**
   * Completes the event, allowed or refused ("access_denied" for the client), and returns the decision.
   *
   * @param socket the bridge socket the event came from, announced by {@link #opened}
   * @param address the client's address, for the limit on failed passwords
   * @param tellClient sends the client an error frame with this message (before the bridge's own refusal),
   *     as the failed reply to the given reply address when the client asked for one (else null)
   */
  public Future<Boolean> decide(BaseBridgeEvent event, Object socket, String address,
      BiConsumer<String, String> tellClient) {
    BridgeEventType type = event.type();
    if (type == BridgeEventType.SOCKET_CLOSED) {
      closed(socket);
      return allow(event, true);
    }
    Connection connection = connections.get(socket);
    if (connection == null) {
      // not announced (closed already, or a bridge event before SOCKET_CREATED): nothing is allowed
      return allow(event, type == BridgeEventType.SOCKET_CREATED);
    }
    String refusal = checkRegistrations(event, connection);
    if (refusal == null) {
      refusal = checkBody(event);
    }
    if (refusal != null) {
      JsonObject raw = event.getRawMessage();
      tellClient.accept(raw != null && raw.getValue("replyAddress") instanceof String r ? r : null, refusal);
      return allow(event, false);
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
    Future<Role> role;
    if (authorization instanceof String credentials) {
      event.setRawMessage(raw);
      role = security.identify(vertx, credentials, null, address).map(identity -> {
        connection.identify(identity, security);
        return identity.role();
      });
    } else if (connection.identity != null) {
      Role now = security.currentRole(connection.identity);
      if (!now.atLeast(Role.VIEWER)) {
        connection.close.accept(Security.SIGN_IN_AGAIN);
      }
      role = Future.succeededFuture(now);
    } else {
      role = Future.succeededFuture(security.anonymousRole());
    }
    return role.transform(ar -> {
      boolean allowed = ar.succeeded() && ar.result().atLeast(needed);
      if (!allowed && type == BridgeEventType.REGISTER) {
        forget(connection, event);
      }
      return allow(event, allowed);
    });
  }

  /** Control addresses take a JSON object; anything else would fail inside the part it is sent to. */
  private static String checkBody(BaseBridgeEvent event) {
    JsonObject raw = event.getRawMessage();
    if ((event.type() != BridgeEventType.SEND && event.type() != BridgeEventType.PUBLISH) || raw == null
        || !(raw.getValue("address") instanceof String address) || !BridgeAccess.inbound(address)
        || raw.getValue("body") instanceof JsonObject) {
      return null;
    }
    return "the body sent to " + raw.getValue("address") + " must be a JSON object like {\"action\": \"get\"}";
  }

  /** Counts the socket's registrations; the reason to refuse this event, or null. */
  private String checkRegistrations(BaseBridgeEvent event, Connection connection) {
    JsonObject raw = event.getRawMessage();
    String target = raw == null ? null : raw.getValue("address") instanceof String a ? a : null;
    if (target == null || !BridgeAccess.outbound(target)) {
      return null;
    }
    if (event.type() == BridgeEventType.UNREGISTER) {
      forget(connection, event);
      return null;
    }
    if (event.type() != BridgeEventType.REGISTER) {
      return null;
    }
    Set<String> held = connection.registrations;
    if (held.contains(target)) {
      return "already registered on " + target + " on this connection; a repeated register is refused"
          + " (unregister first to register again)";
    }
    if (held.size() >= maxRegistrations) {
      return "at most " + maxRegistrations + " registrations per connection (bridge.maxRegistrationsPerSocket); "
          + "unregister one first";
    }
    // taken now, so a second register racing an ongoing password check is refused too
    held.add(target);
    return null;
  }

  private static void forget(Connection connection, BaseBridgeEvent event) {
    connection.registrations.remove(event.getRawMessage().getString("address"));
  }

  /**
   * An error frame: a failed reply (code 400) when the client gave a reply address, else a plain error.
   *
   * @param messageKey where the text goes: TCP clients read "message", SockJS clients "body"
   */
  static JsonObject errorFrame(String replyAddress, String message, String messageKey) {
    JsonObject frame = new JsonObject().put("type", "err");
    if (replyAddress != null) {
      frame.put("address", replyAddress).put("failureCode", 400).put("failureType", "RECIPIENT_FAILURE")
          .put("message", message);
    }
    return frame.put(messageKey, message);
  }

  private static Future<Boolean> allow(BaseBridgeEvent event, boolean allowed) {
    event.complete(allowed);
    return Future.succeededFuture(allowed);
  }
}
