package io.camstream.bridge;

import io.camstream.auth.Identity;
import io.camstream.auth.Role;
import io.camstream.auth.Security;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BaseBridgeEvent;
import io.vertx.ext.bridge.BridgeEventType;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.BiConsumer;

/**
 * Roles on the event-bus bridges: a viewer may register (receive), only an operator may send
 * or publish. A socket starts with the identity of its HTTP handshake (SockJS: the session or
 * the credentials of the page) or none (TCP); a message may carry
 * {@code "headers": {"authorization": "Basic BASE64(user:password)"}} or
 * {@code "Bearer TOKEN"}, which then holds for the rest of that socket's life. The header
 * is removed before the message goes on the bus. One guard per bridge, used on its event loop.
 *
 * <p>It also keeps each socket's registrations: every register adds an event-bus consumer, so
 * a repeated one and those over {@code bridge.maxRegistrationsPerSocket} are refused.
 */
public final class BridgeGuard {
  private final Vertx vertx;
  private final Security security;
  private final int maxRegistrations;
  private final Map<Object, Identity> identities = new WeakHashMap<>();
  private final Map<Object, Set<String>> registrations = new WeakHashMap<>();

  public BridgeGuard(Vertx vertx, Security security, int maxRegistrations) {
    this.vertx = vertx;
    this.security = security;
    this.maxRegistrations = maxRegistrations;
  }

  /**
   * Completes the event, allowed or refused ("access_denied" for the client), and returns the decision.
   *
   * @param socket the bridge socket the event came from
   * @param handshake the identity of the socket's HTTP handshake, or null
   * @param address the client's address, for the limit on failed passwords
   * @param tellClient sends the client an error frame with this message (before the bridge's own refusal),
   *     as the failed reply to the given reply address when the client asked for one (else null)
   */
  public Future<Boolean> decide(BaseBridgeEvent event, Object socket, Identity handshake, String address,
      BiConsumer<String, String> tellClient) {
    BridgeEventType type = event.type();
    if (type == BridgeEventType.SOCKET_CLOSED) {
      identities.remove(socket);
      registrations.remove(socket);
      return allow(event, true);
    }
    String refusal = checkRegistrations(event, socket);
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
    Future<Identity> who;
    if (authorization instanceof String credentials) {
      event.setRawMessage(raw);
      who = security.identify(vertx, credentials, null, address).onSuccess(identity -> identities.put(socket, identity));
    } else {
      Identity known = identities.get(socket);
      who = known != null ? Future.succeededFuture(known)
          : handshake != null ? Future.succeededFuture(handshake) : security.identify(vertx, null, null, address);
    }
    return who.transform(ar -> {
      boolean allowed = ar.succeeded() && ar.result().role().atLeast(needed);
      if (!allowed && type == BridgeEventType.REGISTER) {
        forget(socket, event);
      }
      return allow(event, allowed);
    });
  }

  /** Control addresses take a JSON object; anything else would fail inside the part it is sent to. */
  private static String checkBody(BaseBridgeEvent event) {
    JsonObject raw = event.getRawMessage();
    if ((event.type() != BridgeEventType.SEND && event.type() != BridgeEventType.PUBLISH) || raw == null
        || !(raw.getValue("address") instanceof String address) || !BridgeAccess.INBOUND.contains(address)
        || raw.getValue("body") instanceof JsonObject) {
      return null;
    }
    return "the body sent to " + raw.getValue("address") + " must be a JSON object like {\"action\": \"get\"}";
  }

  /** Counts the socket's registrations; the reason to refuse this event, or null. */
  private String checkRegistrations(BaseBridgeEvent event, Object socket) {
    JsonObject raw = event.getRawMessage();
    String target = raw == null ? null : raw.getValue("address") instanceof String a ? a : null;
    if (target == null || !BridgeAccess.OUTBOUND.contains(target)) {
      return null;
    }
    if (event.type() == BridgeEventType.UNREGISTER) {
      forget(socket, event);
      return null;
    }
    if (event.type() != BridgeEventType.REGISTER) {
      return null;
    }
    Set<String> held = registrations.computeIfAbsent(socket, s -> new HashSet<>());
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

  private void forget(Object socket, BaseBridgeEvent event) {
    Set<String> held = registrations.get(socket);
    if (held != null) {
      held.remove(event.getRawMessage().getString("address"));
    }
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
