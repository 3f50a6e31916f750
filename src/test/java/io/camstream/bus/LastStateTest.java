package io.camstream.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Doors answer from the last published state; a part is asked only while it has published
 * nothing; after a command's answer the cache catches up with the state the command made.
 */
@ExtendWith(VertxExtension.class)
class LastStateTest {
  private final AtomicInteger asked = new AtomicInteger();

  /** A stand-in camera that answers "get" with its state and counts the questions. */
  private void camera(Vertx vertx, JsonObject state) {
    vertx.eventBus().<JsonObject>localConsumer(Addresses.CAMERA_CONTROL, m -> {
      asked.incrementAndGet();
      m.reply(state);
    });
  }

  @Test
  void aPartThatPublishedNothingIsAskedOnceForEveryoneWaiting(Vertx vertx, VertxTestContext ctx) {
    camera(vertx, new JsonObject().put("status", "idle"));
    LastState.start(vertx).compose(states -> Future.all(
            states.get(Addresses.CAMERA_STATE), states.get(Addresses.CAMERA_STATE), states.get(Addresses.CAMERA_STATE))
        .compose(all -> states.get(Addresses.CAMERA_STATE)))
        .onComplete(ctx.succeeding(state -> ctx.verify(() -> {
          assertThat(state.getString("status")).isEqualTo("idle");
          assertThat(asked).as("questions to the camera").hasValue(1);
          ctx.completeNow();
        })));
  }

  @Test
  void thePublishedStateIsAnsweredWithoutAskingAndListenersHearItAfterward(Vertx vertx, VertxTestContext ctx) {
    camera(vertx, new JsonObject().put("status", "asked"));
    Checkpoint heard = ctx.checkpoint();
    Checkpoint answered = ctx.checkpoint();
    LastState.start(vertx).onComplete(ctx.succeeding(states -> {
      states.listen((address, state) -> ctx.verify(() -> {
        assertThat(address).isEqualTo(Addresses.CAMERA_STATE);
        // by the time a listener hears of it, the cache answers with it
        assertThat(states.latest(Addresses.CAMERA_STATE)).isEqualTo(state);
        states.get(Addresses.CAMERA_STATE).onComplete(ctx.succeeding(got -> ctx.verify(() -> {
          assertThat(got.getString("status")).isEqualTo("streaming");
          assertThat(asked).as("questions to the camera").hasValue(0);
          answered.flag();
        })));
        heard.flag();
      }));
      vertx.eventBus().publish(Addresses.CAMERA_STATE, new JsonObject().put("status", "streaming"));
    }));
  }

  @Test
  void afterACommandsAnswerTheCacheHoldsItsStateOnceCaughtUp(Vertx vertx, VertxTestContext ctx) {
    // a stand-in light that, like every part, publishes its new state before it answers
    AtomicInteger commands = new AtomicInteger();
    vertx.eventBus().<JsonObject>localConsumer(Addresses.LIGHT_CONTROL, m -> {
      JsonObject next = new JsonObject().put("brightness", commands.incrementAndGet());
      vertx.eventBus().publish(Addresses.LIGHT_STATE, next);
      m.reply(next);
    });
    Control light = Control.of(vertx, Addresses.LIGHT_CONTROL);
    CountDownLatch busy = new CountDownLatch(1);
    LastState.start(vertx)
        .compose(states -> light.send("brightness").compose(first -> states.caughtUp()).map(states))
        .compose(states -> {
          // the cache's context is held up (as by a burst of states) while the next command is answered
          states.context().runOnContext(v -> await(busy));
          return light.send("brightness").compose(answer -> {
            Future<JsonObject> cached = states.caughtUp().compose(v -> states.get(Addresses.LIGHT_STATE));
            busy.countDown();
            return cached.map(c -> new JsonObject().put("answer", answer).put("cached", c));
          });
        })
        .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
          assertThat(both.getJsonObject("cached")).as("the cache right after the answer")
              .isEqualTo(both.getJsonObject("answer"));
          ctx.completeNow();
        })));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aRefusalIsPassedOnAndNotKept(Vertx vertx, VertxTestContext ctx) {
    AtomicInteger refusals = new AtomicInteger();
    vertx.eventBus().<JsonObject>localConsumer(Addresses.LIGHT_CONTROL, m -> {
      refusals.incrementAndGet();
      m.fail(403, "no light configured");
    });
    LastState.start(vertx).compose(states -> states.get(Addresses.LIGHT_STATE)
            .recover(first -> states.get(Addresses.LIGHT_STATE)))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(((ReplyException) e).failureCode()).isEqualTo(403);
          assertThat(refusals).as("asked again after a refusal").hasValue(2);
          ctx.completeNow();
        })));
  }
}
