package io.camstream.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The Prometheus registry of one Vert.x instance and camstream's own meters in it. Vert.x's
 * metrics (HTTP, event bus, pools) land in the same registry when {@link #vertxOptions()}
 * is used; a Vert.x built without them (tests) gets a registry of its own for camstream's
 * meters, so /metrics always answers.
 */
public final class Metrics {
  private static final Map<Vertx, Metrics> BY_VERTX = new WeakHashMap<>();

  private final PrometheusMeterRegistry registry;
  private final StreamMetrics stream;
  private final CameraMetrics camera;

  private Metrics(Vertx vertx, PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.stream = new StreamMetrics(registry);
    this.camera = new CameraMetrics(vertx, registry);
  }

  /**
   * Metrics options for {@code VertxOptions}: Vert.x's own meters, kept in a Prometheus
   * registry. The HTTP and TCP server meters are left out: they count bytes on every socket
   * write, about 6 % of the server's CPU when fanning out to 500 viewers (JFR);
   * camstream.frames.served counts what viewers get instead.
   */
  public static MetricsOptions vertxOptions() {
    return new MicrometerMetricsOptions()
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
        .addDisabledMetricsCategory(MetricsDomain.NET_SERVER)
        .setJvmMetricsEnabled(true)
        .setEnabled(true);
  }

  /** The metrics of {@code vertx}, created on first use (once for all HTTP verticle instances). */
  public static Metrics of(Vertx vertx) {
    synchronized (BY_VERTX) {
      return BY_VERTX.computeIfAbsent(vertx, v -> {
        MeterRegistry vertxRegistry = vertx.isMetricsEnabled() ? BackendRegistries.getDefaultNow() : null;
        PrometheusMeterRegistry registry = vertxRegistry instanceof PrometheusMeterRegistry p
            ? p : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        return new Metrics(v, registry);
      });
    }
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public StreamMetrics stream() {
    return stream;
  }

  public CameraMetrics camera() {
    return camera;
  }
}
