package io.camstream.http;

import io.vertx.ext.web.RoutingContext;

/** The old server's query-parameter conventions, kept for its routes only. */
public final class LegacyParams {
  private LegacyParams() {
  }

  /**
   * The old routes' {@code status}: the button state before the press, so "false" turns the
   * feature on. Returns the new enabled state, or null for any other value (ignored, still 200).
   */
  public static Boolean enableFromStatus(RoutingContext ctx) {
    String status = ctx.request().getParam("status");
    if ("false".equals(status) || "False".equals(status)) {
      return true;
    }
    if ("true".equals(status) || "True".equals(status)) {
      return false;
    }
    return null;
  }

  /** Parses a finite number, or null when the parameter is missing or not a number. */
  public static Double number(RoutingContext ctx, String name) {
    String text = ctx.request().getParam(name);
    if (text == null) {
      return null;
    }
    try {
      double value = Double.parseDouble(text.trim());
      return Double.isFinite(value) ? value : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
