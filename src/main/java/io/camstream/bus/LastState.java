package io.camstream.bus;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The newest whole state each part published, for doors that show state to someone who just
 * arrived (/api/state, /health, /ws/state, bridge registrations): they answer from here
 * instead of asking every part again. One per server, shared by every HTTP instance and the
 * TCP bridge, so it is thread-safe. A part that has published nothing yet is asked once
 * through {@link Control}; {@link Control#state()} stays for whoever needs a fresh answer.
 */
public final class LastState {
  private final Vertx vertx;
  private final Map<String, JsonObject> latest = new ConcurrentHashMap<>();
  private final Map<String, Future<JsonObject>> asking = new ConcurrentHashMap<>();
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  private record Listener(Context context, BiConsumer<String, JsonObject> onState) {
  }

  private LastState(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Subscribes to every state address; completes once the subscriptions are in place. */
  public static Future<LastState> start(Vertx vertx) {
    LastState states = new LastState(vertx);
    List<Future<Void>> subscribed = new ArrayList<>();
    for (String address : Control.stateAddresses()) {
      MessageConsumer<JsonObject> consumer = vertx.eventBus().localConsumer(address, m -> states.published(address, m.body()));
      states.consumers.add(consumer);
      subscribed.add(consumer.completion());
    }
    return Future.all(subscribed).map(states);
  }

  private void published(String address, JsonObject state) {
    latest.put(address, state);
    // each listener hears of a state only after it is here, so one that reads here first and
    // listens next never misses the newest state
    for (Listener listener : listeners) {
      listener.context().runOnContext(v -> listener.onState().accept(address, state));
    }
  }

  /**
   * The newest state published at {@code stateAddress}; if none was yet, the part's answer to
   * one "get" (shared by everyone asking meanwhile). Fails as the part's refusal does.
   */
  public Future<JsonObject> get(String stateAddress) {
    JsonObject known = latest.get(stateAddress);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    Promise<JsonObject> answer = Promise.promise();
    Future<JsonObject> already = asking.putIfAbsent(stateAddress, answer.future());
    if (already != null) {
      return already;
    }
    Control.currentState(vertx, stateAddress).onComplete(reply -> {
      asking.remove(stateAddress);
      if (reply.failed()) {
        // not kept: a part that is not running yet may answer next time
        answer.fail(reply.cause());
        return;
      }
      // a state published while asking is at least as new as this reply
      JsonObject meanwhile = latest.putIfAbsent(stateAddress, reply.result());
      answer.complete(meanwhile != null ? meanwhile : reply.result());
    });
    return answer.future();
  }

  /** The newest state known at {@code stateAddress} without asking anyone, or null. */
  public JsonObject latest(String stateAddress) {
    return latest.get(stateAddress);
  }

  /**
   * Calls {@code onState} with every state published from now on, on the caller's context.
   * Returns what stops it (a door calls it when it closes).
   */
  public Runnable listen(BiConsumer<String, JsonObject> onState) {
    Listener listener = new Listener(vertx.getOrCreateContext(), onState);
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Unsubscribes; the server calls it after its parts are undeployed. */
  public Future<Void> close() {
    listeners.clear();
    List<Future<Void>> unregistered = new ArrayList<>();
    consumers.forEach(c -> unregistered.add(c.unregister()));
    consumers.clear();
    return Future.all(unregistered).mapEmpty();
  }
}
