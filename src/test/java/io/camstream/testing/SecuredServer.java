package io.camstream.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.auth.Role;
import io.camstream.auth.UserStore;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** A test server with access control on and three known users, one per role. */
public final class SecuredServer {
  public static final String PASSWORD = "correct horse battery";

  private SecuredServer() {
  }

  /** Writes the users file (viewer, operator, admin) and returns its path. */
  public static Path users(Path dir) {
    Path file = dir.resolve("users.json");
    UserStore store = new UserStore(file, 10_000);
    store.load();
    for (Role role : new Role[] {Role.VIEWER, Role.OPERATOR, Role.ADMIN}) {
      store.add(role.label(), role, PASSWORD + " " + role.label());
    }
    return file;
  }

  public static TestServer start(Path dir, Map<String, String> more) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("auth.enabled", "true");
    settings.put("auth.usersFile", users(dir).toString());
    settings.put("auth.passwordIterations", "10000");
    settings.putAll(more);
    return TestServer.start(settings);
  }

  public static String basic(Role role) {
    return basic(role.label(), PASSWORD + " " + role.label());
  }

  public static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  public static HttpRequest.Builder request(TestServer server, String path) {
    return HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(20));
  }

  public static HttpResponse<String> get(TestServer server, String path, String... headers) {
    HttpRequest.Builder builder = request(server, path).GET();
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return Http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  public static HttpResponse<String> as(Role role, TestServer server, String path) {
    return get(server, path, "Authorization", basic(role));
  }

  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static HttpResponse<String> login(TestServer server, String user, String password, String next) {
    String form = "username=" + enc(user) + "&password=" + enc(password) + "&next=" + enc(next);
    return Http.send(request(server, "/login").header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  public static String enc(String text) {
    return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  public static boolean grayscale(TestServer server) {
    var state = as(Role.VIEWER, server, "/api/camera");
    assertThat(state.statusCode()).isEqualTo(200);
    return new JsonObject(state.body()).getBoolean("grayscale");
  }
}
