package io.camstream.web;

import io.camstream.auth.Identity;
import io.camstream.auth.Role;
import io.camstream.auth.Security;
import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.camstream.bus.LastState;
import io.camstream.http.BusReplies;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * /ws/state: pushes every state change and media event to the open pages of this HTTP
 * instance as JSON text frames {"address": ..., "body": ...}. A new socket first gets the
 * whole current state of each part (the camera list and each camera's own states too), then a
 * {@value Addresses#WS_SYNCED} frame. A socket whose write
 * queue is full misses messages instead of growing memory, and gets a fresh whole state
 * once it drains. A socket whose user may no longer watch (signed out, password changed, user
 * removed) is closed within a second, checked after every change of users or sessions.
 */
public final class LiveStateSocket {
  public static final String PATH = "/ws/state";
  private static final int QUEUE_BYTES = 256 * 1024;

  /** The WebSocket close code for a socket whose user lost the right to it. */
  private static final short POLICY_VIOLATION = 1008;

  private final LastState states;
  private final Security security;
  private final Set<Client> clients = new LinkedHashSet<>();

  private LiveStateSocket(LastState states, Security security) {
    this.states = states;
    this.security = security;
  }

  /** Mounts the socket; returns what stops its pushes (when the HTTP instance stops). */
  public static Runnable mount(Router router, Vertx vertx, LastState states, Security security) {
    LiveStateSocket socket = new LiveStateSocket(states, security);
    security.onChange(vertx, socket::checkAll);
    // states come through the cache, so a page sent the cached state never misses a newer one
    Runnable stopListening = states.listen((address, state) -> socket.broadcast(frame(address, state)));
    vertx.eventBus().<Object>localConsumer(Addresses.MEDIA_EVENTS,
        m -> socket.broadcast(frame(Addresses.MEDIA_EVENTS, m.body())));
    router.get(PATH).handler(ctx -> {
      if (!"websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
        ctx.response().setStatusCode(400).end("connect here with a WebSocket");
        return;
      }
      Identity identity = ctx.get(Identity.KEY);
      ctx.request().toWebSocket().onSuccess(ws -> socket.accept(ws, identity)).onFailure(e -> {
        if (!ctx.response().ended()) {
          ctx.response().setStatusCode(400).end("connect here with a WebSocket");
        }
      });
    });
    return stopListening;
  }

  private void accept(ServerWebSocket ws, Identity identity) {
    Client client = new Client(ws, identity);
    client.release = security.hold(identity);
    ws.setWriteQueueMaxSize(QUEUE_BYTES);
    // the page sends nothing (controls go through the JSON APIs); whatever comes is a reason to check
    ws.textMessageHandler(text -> check(client));
    ws.closeHandler(v -> {
      clients.remove(client);
      client.release.run();
    });
    ws.exceptionHandler(e -> ws.close());
    ws.drainHandler(v -> {
      if (client.missed) {
        sendWholeState(client);
      }
    });
    clients.add(client);
    sendWholeState(client);
  }

  /** After a change of users or sessions: closes the sockets whose user may no longer watch. */
  private void checkAll() {
    new ArrayList<>(clients).forEach(this::check);
  }

  private void check(Client client) {
    if (!security.currentRole(client.identity).atLeast(Role.VIEWER) && !client.ws.isClosed()) {
      clients.remove(client);
      // a close reason has at most 123 bytes
      client.ws.close(POLICY_VIOLATION, "signed out, password changed or user removed; sign in again");
    }
  }

  private void broadcast(String text) {
    for (Client client : new ArrayList<>(clients)) {
      client.send(text);
    }
  }

  private void sendWholeState(Client client) {
    client.missed = false;
    List<Future<?>> parts = new ArrayList<>();
    // each part goes out as soon as it is known; a change published later reaches the
    // socket after it, never before
    for (String stateAddress : Control.stateAddresses()) {
      parts.add(sendState(client, stateAddress));
    }
    // the camera list, then each listed camera's own camera and recording state
    parts.add(states.get(Addresses.CAMERAS).compose(cameras -> {
      client.send(frame(Addresses.CAMERAS, cameras));
      List<Future<?>> perCamera = new ArrayList<>();
      cameras.getJsonArray("cameras", new JsonArray()).forEach(camera -> {
        String id = ((JsonObject) camera).getString("id");
        perCamera.add(sendState(client, Addresses.cameraState(id)));
        perCamera.add(sendState(client, Addresses.recordingState(id)));
      });
      return Future.join(perCamera);
    }, e -> {
      client.send(unavailable(Addresses.CAMERAS, e));
      return Future.succeededFuture();
    }));
    Future.join(parts).onComplete(done -> client.send(frame(Addresses.WS_SYNCED, new JsonObject())));
  }

  private Future<String> sendState(Client client, String stateAddress) {
    return states.get(stateAddress)
        .map(state -> frame(stateAddress, state))
        .recover(e -> Future.succeededFuture(unavailable(stateAddress, e)))
        .onSuccess(client::send);
  }

  private static String unavailable(String stateAddress, Throwable cause) {
    return frame(Addresses.WS_UNAVAILABLE, new JsonObject()
        .put("state", stateAddress)
        .put("code", BusReplies.status(cause))
        .put("reason", BusReplies.message(cause)));
  }

  private static String frame(String address, Object body) {
    return new JsonObject().put("address", address).put("body", body).encode();
  }

  private static final class Client {
    final ServerWebSocket ws;
    final Identity identity;
    Runnable release;
    /** Set when a message was dropped: the whole state is sent again once the socket drains. */
    boolean missed;

    Client(ServerWebSocket ws, Identity identity) {
      this.ws = ws;
      this.identity = identity;
    }

    void send(String text) {
      if (ws.isClosed()) {
        return;
      }
      if (ws.writeQueueFull()) {
        missed = true;
        return;
      }
      ws.writeTextMessage(text);
    }
  }
}
