package io.camstream.auth;

import io.vertx.core.http.HttpMethod;
import java.util.List;

/**
 * The one table of who may do what over HTTP: path pattern and method to the least role.
 * The first matching row wins. A path that no row names needs {@link Role#ADMIN}, so a route
 * added without a row is closed, never open. Patterns are exact paths, or a prefix ending in
 * {@code /*}; they are matched against the normalised path the router uses, without a trailing
 * slash.
 */
public final class AccessPolicy {
  /**
   * @param method null for any method
   * @param sameOrigin refuse requests that a browser marks as coming from another site, even
   *     for GET: the old routes change state with GET, and WebSocket handshakes are GETs
   * @param acceptsKey a {@code key} parameter may stand in for the credentials (/reboot, /shutdown)
   */
  public record Rule(HttpMethod method, String pattern, Role role, boolean sameOrigin, boolean acceptsKey) {
    boolean matches(HttpMethod requestMethod, String path) {
      if (method != null && !method.equals(requestMethod)
          && !(method.equals(HttpMethod.GET) && requestMethod.equals(HttpMethod.HEAD))) {
        return false;
      }
      if (pattern.endsWith("/*")) {
        String prefix = pattern.substring(0, pattern.length() - 1);
        return path.startsWith(prefix) && path.length() > prefix.length();
      }
      return path.equals(pattern);
    }
  }

  private static final HttpMethod GET = HttpMethod.GET;
  private static final HttpMethod POST = HttpMethod.POST;
  private static final HttpMethod DELETE = HttpMethod.DELETE;

  public static final List<Rule> RULES = List.of(
      // open: signing in, health checks, the files the login page needs
      open(GET, "/login"), open(POST, "/login"), open(POST, "/logout"), open(GET, "/health"),
      open(GET, "/css/*"), open(GET, "/js/*"), open(GET, "/favicon.svg"), open(GET, "/favicon.ico"),

      // viewer: watch, list, download
      read(GET, "/", Role.VIEWER), read(GET, "/database", Role.VIEWER),
      read(GET, "/video_feed", Role.VIEWER), read(GET, "/frame.jpg", Role.VIEWER),
      read(GET, "/api/state", Role.VIEWER), read(GET, "/api/session", Role.VIEWER), read(GET, "/api/me", Role.VIEWER),
      change(POST, "/api/me/password", Role.VIEWER),
      read(GET, "/api/camera", Role.VIEWER), read(GET, "/api/light", Role.VIEWER),
      read(GET, "/api/recording", Role.VIEWER), read(GET, "/get_controller_data", Role.VIEWER),
      read(GET, "/get_database", Role.VIEWER), read(GET, "/metrics", Role.VIEWER), read(GET, "/api/media", Role.VIEWER),
      read(GET, "/api/media/*", Role.VIEWER), read(GET, "/media/*", Role.VIEWER), read(GET, "/api/disk", Role.VIEWER),
      // every camera: its list, streams and state (/cameras/ID/video_feed, /api/cameras/ID, ...)
      read(GET, "/cameras", Role.VIEWER), read(GET, "/cameras/*", Role.VIEWER),
      read(GET, "/api/cameras", Role.VIEWER), read(GET, "/api/cameras/*", Role.VIEWER),
      // live state and the SockJS bridge (its transports also POST); sending is checked per message
      change(GET, "/ws/state", Role.VIEWER), change(null, "/eventbus", Role.VIEWER),
      change(null, "/eventbus/*", Role.VIEWER),

      // operator: controls, snapshots, recordings, lights
      change(GET, "/grayscale", Role.OPERATOR), change(GET, "/resolution", Role.OPERATOR),
      change(GET, "/autofocus", Role.OPERATOR), change(GET, "/set_focus", Role.OPERATOR),
      change(GET, "/step_focus", Role.OPERATOR), change(POST, "/api/camera", Role.OPERATOR),
      change(GET, "/light", Role.OPERATOR), change(GET, "/set_brightness", Role.OPERATOR),
      change(GET, "/set_color", Role.OPERATOR), change(POST, "/api/light", Role.OPERATOR),
      change(GET, "/snapshot", Role.OPERATOR), change(GET, "/video_capture", Role.OPERATOR),
      change(POST, "/api/recording", Role.OPERATOR), change(GET, "/database/add", Role.OPERATOR),
      read(GET, "/database/unlisted", Role.OPERATOR),
      // each camera's controls, recording and snapshots, as the default camera's
      change(POST, "/api/cameras/*", Role.OPERATOR),
      read(GET, "/api/viewers", Role.OPERATOR),

      // admin: delete, new database, logs, reboot and shutdown, users
      change(GET, "/database/remove", Role.ADMIN), change(DELETE, "/api/media/*", Role.ADMIN),
      change(GET, "/database/new", Role.ADMIN), read(GET, "/logs", Role.ADMIN),
      // adding and removing cameras (written to the configuration file)
      change(POST, "/api/cameras", Role.ADMIN), change(DELETE, "/api/cameras/*", Role.ADMIN),
      new Rule(GET, "/reboot", Role.ADMIN, true, true), new Rule(GET, "/shutdown", Role.ADMIN, true, true),
      read(GET, "/api/users", Role.ADMIN), change(null, "/api/users", Role.ADMIN),
      change(null, "/api/users/*", Role.ADMIN));

  /**
   * A control the pages offer, named by the request it sends. The pages offer it (elements
   * marked {@code data-needs="NAME"}) only to a role the rows above let send that request.
   */
  public record PageAction(String name, HttpMethod method, String path) {
    public Role role() {
      return rule(method, path).role();
    }
  }

  public static final List<PageAction> PAGE_ACTIONS = List.of(
      new PageAction("camera", POST, "/api/cameras/ID"), new PageAction("light", POST, "/api/light"),
      new PageAction("snapshot", POST, "/api/cameras/ID/snapshot"), new PageAction("record", POST, "/api/cameras/ID/recording"),
      new PageAction("addMedia", GET, "/database/add"), new PageAction("deleteMedia", GET, "/database/remove"),
      new PageAction("newDatabase", GET, "/database/new"), new PageAction("cameras", POST, "/api/cameras"));

  /** The names of the page actions a role may use. */
  public static List<String> pageActions(Role role) {
    return PAGE_ACTIONS.stream().filter(a -> role.atLeast(a.role())).map(PageAction::name).toList();
  }

  /** For a path no row names. */
  static final Rule DEFAULT = new Rule(null, "*", Role.ADMIN, true, false);

  private AccessPolicy() {
  }

  public static Rule rule(HttpMethod method, String normalizedPath) {
    String path = normalizedPath.length() > 1 && normalizedPath.endsWith("/")
        ? normalizedPath.substring(0, normalizedPath.length() - 1) : normalizedPath;
    for (Rule rule : RULES) {
      if (rule.matches(method, path)) {
        return rule;
      }
    }
    return DEFAULT;
  }

  private static Rule open(HttpMethod method, String pattern) {
    return new Rule(method, pattern, Role.NONE, method != GET, false);
  }

  private static Rule read(HttpMethod method, String pattern, Role role) {
    return new Rule(method, pattern, role, false, false);
  }

  private static Rule change(HttpMethod method, String pattern, Role role) {
    return new Rule(method, pattern, role, true, false);
  }
}
