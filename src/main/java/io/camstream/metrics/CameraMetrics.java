package io.camstream.metrics;

import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The camera's counters as the camera itself reports them: read from the whole-state
 * messages on {@code camstream.camera.state} (published at least once a second while it
 * streams), so the capture code needs no knowledge of metrics.
 */
public final class CameraMetrics {
  private volatile JsonObject state = new JsonObject();

  CameraMetrics(Vertx vertx, MeterRegistry registry) {
    vertx.eventBus().<JsonObject>localConsumer(Addresses.CAMERA_STATE, m -> state = m.body());
    // states are published on change only: ask once for the one that is current now
    Control.of(vertx, Addresses.CAMERA_CONTROL).state().onSuccess(current -> {
      if (state.isEmpty()) {
        state = current;
      }
    });
    counter(registry, "camstream.frames.captured", "frames read from the camera", "frames", "captured");
    counter(registry, "camstream.frames.encoded",
        "frames the server had to JPEG-encode (test pattern, filters, raw cameras); 0 for pass-through",
        "frames", "encoded");
    counter(registry, "camstream.camera.restarts", "times the camera was reopened after a failure", null, "restarts");
    Gauge.builder("camstream.viewers", this, c -> c.number(null, "viewers"))
        .description("M-JPEG viewers connected").register(registry);
    Gauge.builder("camstream.camera.fps", this, c -> c.number(null, "fps"))
        .description("frames per second the camera delivered in the last second").register(registry);
  }

  private void counter(MeterRegistry registry, String name, String description, String group, String key) {
    FunctionCounter.builder(name, this, c -> c.number(group, key)).description(description).register(registry);
  }

  private double number(String group, String key) {
    JsonObject from = group == null ? state : state.getJsonObject(group, new JsonObject());
    Object value = from.getValue(key);
    return value instanceof Number n ? n.doubleValue() : 0;
  }
}
