package io.camstream.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.UUID;

/**
 * One server's Prometheus registry and camstream's meters in it. Made before Vert.x and
 * handed to it ({@link #vertxFactory()}, {@link #vertxOptions()}), so Vert.x's own meters land
 * in the same registry; the parts that count something are handed their meters.
 */
public final class Metrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /**
   * vertx-micrometer keeps its backends in a static map by this name: one name per registry
   * keeps two servers in one JVM (tests) from sharing Vert.x meters.
   */
  private final String registryName = "camstream-" + UUID.randomUUID();
  private final StreamMetrics stream = new StreamMetrics(registry);
  private final CameraMetrics camera = new CameraMetrics(registry);
  private final MediaDiskMetrics mediaDisk = new MediaDiskMetrics(registry);

  /** For {@code Vertx.builder().withMetrics(...)}: Vert.x's meters go into this registry. */
  public VertxMetricsFactory vertxFactory() {
    return new MicrometerMetricsFactory(registry);
  }

  /**
   * Metrics options for {@code VertxOptions}: Vert.x's own meters and the JVM's. The HTTP and
   * TCP server meters are left out: they count bytes on every socket write, about 6 % of the
   * server's CPU when fanning out to 500 viewers (JFR); camstream.frames.served counts what
   * viewers get instead.
   */
  public MetricsOptions vertxOptions() {
    return new MicrometerMetricsOptions()
        .setRegistryName(registryName)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
        .addDisabledMetricsCategory(MetricsDomain.NET_SERVER)
        .setJvmMetricsEnabled(true)
        .setEnabled(true);
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

  public MediaDiskMetrics mediaDisk() {
    return mediaDisk;
  }
}
