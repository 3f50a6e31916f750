package io.camstream.bus;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The newest whole state each part published, for doors that show state to someone who just
 * arrived (/api/state, /health, /ws/state, bridge registrations): they answer from here
 * instead of asking every part again. One per server, shared by every HTTP instance and the
 * TCP bridge, so it is thread-safe. A part that has published nothing yet is asked once
 * through {@link Control}; {@link Control#state()} stays for whoever needs a fresh answer.
 *
 * <p>Read-your-writes: every part publishes its new state before it answers a command, and
 * the bus queues a published state for this cache's own context at the moment it is sent. So
 * after a command's answer, {@link #caughtUp()} (a turn of that context) guarantees the cache
 * holds that state or a newer one: a script that sends a command and then reads /api/state
 * sees its own change.
 */
public final class LastState {
  private final Vertx vertx;
  private final Map<String, JsonObject> latest = new ConcurrentHashMap<>();
  private final Map<String, Future<JsonObject>> asking = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  /** The context every state consumer runs on (the subscriber's own). */
  private volatile Context context;
  private String deploymentId;

  private record Listener(Context context, BiConsumer<String, JsonObject> onState) {
  }

  private LastState(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Subscribes to every state address on a context of its own; completes once subscribed. */
  public static Future<LastState> start(Vertx vertx) {
    LastState states = new LastState(vertx);
    return vertx.deployVerticle(states.new Subscriber()).map(id -> {
      states.deploymentId = id;
      return states;
    });
  }

  /**
   * Holds the consumers, so they all run on one context that {@link #caughtUp()} can queue behind.
   * Each camera's own state addresses are followed while the camera list names it.
   */
  private final class Subscriber extends AbstractVerticle {
    private final Map<String, List<MessageConsumer<JsonObject>>> perCamera = new HashMap<>();

    @Override
    public void start(Promise<Void> started) {
      LastState.this.context = context;
      List<Future<Void>> subscribed = new ArrayList<>();
      List<String> addresses = new ArrayList<>();
      Control.stateAddresses().forEach(addresses::add);
      addresses.add(Addresses.CAMERAS);
      for (String address : addresses) {
        MessageConsumer<JsonObject> consumer = vertx.eventBus().localConsumer(address, m -> {
          if (address.equals(Addresses.CAMERAS)) {
            follow(m.body());
          }
          published(address, m.body());
        });
        subscribed.add(consumer.completion());
      }
      Future.all(subscribed).<Void>mapEmpty().onComplete(started);
    }

    /** Subscribes to the states of cameras new in the list, and forgets those of cameras gone from it. */
    private void follow(JsonObject cameras) {
      Set<String> listed = new HashSet<>();
      JsonArray list = cameras.getJsonArray("cameras", new JsonArray());
      for (int i = 0; i < list.size(); i++) {
        listed.add(list.getJsonObject(i).getString("id"));
      }
      for (String gone : new ArrayList<>(perCamera.keySet())) {
        if (!listed.contains(gone)) {
          perCamera.remove(gone).forEach(consumer -> {
            consumer.unregister();
            latest.remove(consumer.address());
          });
        }
      }
      for (String id : listed) {
        perCamera.computeIfAbsent(id, camera -> Stream.of(Addresses.cameraState(camera), Addresses.recordingState(camera))
            .map(address -> vertx.eventBus().<JsonObject>localConsumer(address, m -> published(address, m.body())))
            .toList());
      }
    }
  }

  /**
   * Completes (on the caller's context) once every state published before this call is in the
   * cache; a door calls it before answering from the cache someone who may just have sent a
   * command.
   */
  public Future<Void> caughtUp() {
    Context caller = vertx.getOrCreateContext();
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> caller.runOnContext(w -> done.complete()));
    return done.future();
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

  /** The context the consumers run on (tests hold it up to prove {@link #caughtUp()}). */
  Context context() {
    return context;
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
    return deploymentId == null || !vertx.deploymentIDs().contains(deploymentId)
        ? Future.succeededFuture() : vertx.undeploy(deploymentId);
  }
}
