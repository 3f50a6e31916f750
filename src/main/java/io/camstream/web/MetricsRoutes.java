package io.camstream.web;

import io.camstream.http.Routes;
import io.camstream.metrics.Metrics;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;

/** /metrics: every counter in Prometheus text format. */
public final class MetricsRoutes implements Routes {
  private final Metrics metrics;

  public MetricsRoutes(Metrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void mount(Router router) {
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics.registry()));
  }
}
