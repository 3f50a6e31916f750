package io.camstream.web;

import io.camstream.metrics.Metrics;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;

/** /metrics: every counter in Prometheus text format. */
final class MetricsRoutes {
  private MetricsRoutes() {
  }

  static void mount(Router router, Metrics metrics) {
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics.registry()));
  }
}
