package io.camstream.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;

/**
 * The camera's counters as the camera itself reports them: read from its newest whole state
 * (published at least once a second while it streams), so the capture code needs no
 * knowledge of metrics.
 */
public final class CameraMetrics {
  private volatile Supplier<JsonObject> cameraState = () -> null;

  CameraMetrics(MeterRegistry registry) {
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

  /** Where the camera's newest whole state is read from at each scrape (null while none is known). */
  public void readFrom(Supplier<JsonObject> cameraState) {
    this.cameraState = cameraState;
  }

  private void counter(MeterRegistry registry, String name, String description, String group, String key) {
    FunctionCounter.builder(name, this, c -> c.number(group, key)).description(description).register(registry);
  }

  private double number(String group, String key) {
    JsonObject state = cameraState.get();
    if (state == null) {
      return 0;
    }
    JsonObject from = group == null ? state : state.getJsonObject(group, new JsonObject());
    Object value = from.getValue(key);
    return value instanceof Number n ? n.doubleValue() : 0;
  }
}
