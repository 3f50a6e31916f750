package io.camstream.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Each camera's counters as the camera itself reports them, labelled {@code camera="ID"}: read
 * from its newest whole state (published at least once a second while it streams), so the
 * capture code needs no knowledge of metrics. Cameras added at run time get their meters, and
 * removed ones lose them, at the next {@link #cameras}.
 */
public final class CameraMetrics {
  private final MeterRegistry registry;
  private final Map<String, List<Meter>> meters = new HashMap<>();
  private volatile Function<String, JsonObject> cameraState = id -> null;

  CameraMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Where a camera's newest whole state is read from at each scrape (null while none is known). */
  public void readFrom(Function<String, JsonObject> cameraState) {
    this.cameraState = cameraState;
  }

  /** The cameras that have meters from now on. */
  public synchronized void cameras(Collection<String> ids) {
    for (String gone : new ArrayList<>(meters.keySet())) {
      if (!ids.contains(gone)) {
        meters.remove(gone).forEach(registry::remove);
      }
    }
    for (String id : ids) {
      meters.computeIfAbsent(id, this::register);
    }
  }

  private List<Meter> register(String id) {
    Tags camera = Tags.of("camera", id);
    return List.of(
        counter(id, camera, "camstream.frames.captured", "frames read from the camera", "frames", "captured"),
        counter(id, camera, "camstream.frames.encoded",
            "frames the server had to JPEG-encode (test pattern, filters, raw cameras); 0 for pass-through",
            "frames", "encoded"),
        counter(id, camera, "camstream.camera.restarts", "times the camera was reopened after a failure", null, "restarts"),
        Gauge.builder("camstream.viewers", this, c -> c.number(id, null, "viewers")).tags(camera)
            .description("M-JPEG viewers connected").register(registry),
        Gauge.builder("camstream.camera.fps", this, c -> c.number(id, null, "fps")).tags(camera)
            .description("frames per second the camera delivered in the last second").register(registry));
  }

  private Meter counter(String id, Tags camera, String name, String description, String group, String key) {
    return FunctionCounter.builder(name, this, c -> c.number(id, group, key)).tags(camera).description(description)
        .register(registry);
  }

  private double number(String id, String group, String key) {
    JsonObject state = cameraState.apply(id);
    if (state == null) {
      return 0;
    }
    JsonObject from = group == null ? state : state.getJsonObject(group, new JsonObject());
    Object value = from.getValue(key);
    return value instanceof Number n ? n.doubleValue() : 0;
  }
}
