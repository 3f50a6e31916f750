package io.camstream.light;

import io.camstream.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the light. Deployed as a worker: opening devices, SPI and serial writes and the
 * strip's render busy-wait all block. Answers {@code camstream.led.control} with the whole new
 * state and publishes it on {@code camstream.led.state} after every change. A hardware
 * fault sets {@code online:false} with a reason and the driver is retried with backoff.
 */
public final class LightVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(LightVerticle.class);
  static final String NO_LIGHT = "no light is attached: set light.type (or --light) to neopixel, trinket or simulated";

  private LightConfig config;
  private LightStateStore store;
  private LightState state;
  private LightDriver driver;
  private boolean online;
  private String reason;
  private String controllerData;
  private long retryDelay;
  private long retryTimer = -1;
  private boolean stopped;
  private JsonObject lastPublished;

  @Override
  public Future<?> start() {
    config = LightConfig.from(config());
    vertx.eventBus().<JsonObject>localConsumer(Addresses.LIGHT_CONTROL, this::onControl);
    if (config.type().equals(LightConfig.NONE)) {
      LOG.info("no light configured (light.type none)");
      return Future.succeededFuture();
    }
    store = new LightStateStore(config.stateFile(), config.legacyStateFile());
    state = store.load();
    driver = createDriver();
    retryDelay = config.retryInitialMillis();
    LOG.info("light: {} on {}, state kept in {}", driver.name(), driver.device(), store.file());
    apply();
    publish();
    return Future.succeededFuture();
  }

  private LightDriver createDriver() {
    return switch (config.type()) {
      case LightConfig.NEOPIXEL -> config.mode().equals("pwm") ? new Ws281xPwmDriver(config) : new Ws281xSpiDriver(config);
      case LightConfig.TRINKET -> new TrinketSerialDriver(config, new TrinketSerialDriver.Listener() {
        @Override
        public void line(String line) {
          context.runOnContext(v -> {
            controllerData = line;
            publish();
          });
        }

        @Override
        public void failed(String device, Throwable cause) {
          context.runOnContext(v -> {
            if (online) {
              fault(cause);
              publish();
            }
          });
        }
      });
      default -> new SimulatedDriver();
    };
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    if (retryTimer != -1) {
      vertx.cancelTimer(retryTimer);
    }
    if (driver == null) {
      return Future.succeededFuture();
    }
    if (config.onStop().equals("keep")) {
      driver.detach();
    } else {
      // dark while the server is down; the saved state is shown again at the next start
      try {
        driver.show(state.power(false));
      } catch (RuntimeException | LinkageError e) {
        LOG.debug("could not turn the light off on stop: {}", e.toString());
      }
      driver.close();
    }
    return Future.succeededFuture();
  }

  private void onControl(Message<JsonObject> message) {
    if (driver == null) {
      message.fail(403, NO_LIGHT);
      return;
    }
    JsonObject body = message.body() == null ? new JsonObject() : message.body();
    Object action = body.getValue("action");
    if (!(action instanceof String)) {
      message.fail(400, "the request needs an \"action\": get, power, brightness or color");
      return;
    }
    switch ((String) action) {
      case "get" -> message.reply(stateJson());
      case "power" -> {
        if (!(body.getValue("on") instanceof Boolean on)) {
          message.fail(400, "power needs \"on\": true or false");
          return;
        }
        change(message, state.power(on));
      }
      case "brightness" -> {
        Object value = body.getValue("value");
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
            || n.doubleValue() < 0 || n.doubleValue() > 255) {
          message.fail(400, "brightness needs \"value\": a whole number from 0 to 255, not " + value);
          return;
        }
        change(message, state.withBrightness(n.intValue()));
      }
      case "color" -> {
        Object value = body.getValue("value");
        if (!(value instanceof String text) || !LightState.isColor(text)) {
          message.fail(400, "color needs \"value\": six hex digits RRGGBB such as \"FF8800\", not " + value);
          return;
        }
        change(message, state.withColor(text));
      }
      default -> message.fail(400, "unknown action \"" + action + "\"; use get, power, brightness or color");
    }
  }

  private void change(Message<JsonObject> message, LightState next) {
    state = next;
    try {
      store.save(state);
    } catch (IOException e) {
      LOG.warn("cannot save the light state to {}: {}; it will not survive a restart", store.file(), e.toString());
    }
    apply();
    publish();
    message.reply(stateJson());
  }

  /** Shows the state on the hardware; on failure the light goes offline and a retry is scheduled. */
  private void apply() {
    if (stopped) {
      return;
    }
    try {
      driver.show(state);
      if (!online && reason != null) {
        LOG.info("light {} on {} works again", driver.name(), driver.device());
      }
      online = true;
      reason = null;
      retryDelay = config.retryInitialMillis();
    } catch (RuntimeException | LinkageError e) {
      fault(e);
    }
  }

  private void fault(Throwable cause) {
    String why = driver.device() + ": " + describe(cause) + (driver.hint().isEmpty() ? "" : " (" + driver.hint() + ")");
    if (online || !why.equals(reason)) {
      LOG.warn("light {} offline: {}; retrying in {} ms", driver.name(), why, retryDelay);
    }
    online = false;
    reason = why;
    driver.close();
    scheduleRetry();
  }

  private void scheduleRetry() {
    if (stopped || retryTimer != -1) {
      return;
    }
    long delay = retryDelay;
    retryDelay = Math.min(retryDelay * 2, config.retryMaxMillis());
    retryTimer = vertx.setTimer(delay, id -> {
      retryTimer = -1;
      if (!online) {
        apply();
        publish();
      }
    });
  }

  private static String describe(Throwable cause) {
    String text = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != cause && root.getMessage() != null && !text.contains(root.getMessage())) {
      text += ": " + root.getMessage();
    }
    return text;
  }

  private JsonObject stateJson() {
    JsonObject json = new JsonObject()
        .put("driver", driver.name())
        .put("available", true)
        .put("device", driver.device())
        .put("online", online)
        .put("reason", reason)
        .mergeIn(state.toJson())
        .put("output", state.outputHex());
    if (driver.name().equals(LightConfig.NEOPIXEL)) {
      json.put("pixels", config.pixels()).put("stripType", config.stripTypeName());
    }
    if (driver.name().equals(LightConfig.TRINKET)) {
      json.put("controllerData", controllerData);
    }
    return json;
  }

  private void publish() {
    JsonObject json = stateJson();
    if (!Objects.equals(json, lastPublished)) {
      lastPublished = json;
      vertx.eventBus().publish(Addresses.LIGHT_STATE, json);
    }
  }
}
