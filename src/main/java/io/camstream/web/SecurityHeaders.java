package io.camstream.web;

import io.vertx.core.http.HttpServerResponse;
import java.util.regex.Pattern;

/**
 * Headers on every answer: a content policy without inline script, no framing, no type
 * sniffing, no referrer to other sites, and HSTS under TLS.
 */
final class SecurityHeaders {
  private static final Pattern SAFE_HOST = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]{1,260}");

  private SecurityHeaders() {
  }

  static void apply(HttpServerResponse response, String authority, boolean tls) {
    String wsSources = authority != null && SAFE_HOST.matcher(authority).matches()
        ? " ws://" + authority + " wss://" + authority : "";
    response.putHeader("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "
        + "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'" + wsSources + "; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "same-origin")
        .putHeader("Cross-Origin-Opener-Policy", "same-origin");
    if (tls) {
      response.putHeader("Strict-Transport-Security", "max-age=31536000");
    }
  }
}
