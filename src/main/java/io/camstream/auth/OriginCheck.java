package io.camstream.auth;

import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.util.Locale;

/**
 * Refuses what a browser marks as sent from another site: an {@code Origin} that is not this
 * server, or {@code Sec-Fetch-Site: cross-site / same-site}. Scripts send neither header and
 * pass; the session cookie is SameSite=Strict besides, so even a browser that sends neither
 * header never carries the session on a cross-site request.
 */
public final class OriginCheck {
  private OriginCheck() {
  }

  /** Null when the request may go on, else why not. */
  public static String refusal(HttpServerRequest request) {
    String fetchSite = request.getHeader("Sec-Fetch-Site");
    if (fetchSite != null) {
      String site = fetchSite.trim().toLowerCase(Locale.ROOT);
      if (!site.equals("same-origin") && !site.equals("none")) {
        return "refused: this request came from another site (Sec-Fetch-Site: " + Security.printable(site) + ")";
      }
    }
    String origin = request.getHeader("Origin");
    if (origin != null && !sameHost(origin, request.authority() == null ? null : request.authority().toString())) {
      return "refused: this request came from another site (Origin: " + Security.printable(origin) + ")";
    }
    return null;
  }

  private static boolean sameHost(String origin, String authority) {
    if (authority == null || origin.equals("null")) {
      return false;
    }
    try {
      URI uri = new URI(origin.trim());
      if (uri.getHost() == null) {
        return false;
      }
      String host = uri.getHost().toLowerCase(Locale.ROOT);
      int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
      String expected = authority.toLowerCase(Locale.ROOT);
      return expected.equals(host + ":" + port) || (expected.equals(host)
          && port == ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80));
    } catch (Exception e) {
      return false;
    }
  }
}
