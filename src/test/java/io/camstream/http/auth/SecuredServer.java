package io.camstream.http.auth;

import io.camstream.testing.Http;
import io.camstream.testing.TestServer;
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
final class SecuredServer {
  static final String PASSWORD = "correct horse battery";

  private SecuredServer() {
  }

  /** Writes the users file (viewer, operator, admin) and returns its path. */
  static Path users(Path dir) {
    Path file = dir.resolve("users.json");
    UserStore store = new UserStore(file, 10_000);
    store.load();
    for (Role role : new Role[] {Role.VIEWER, Role.OPERATOR, Role.ADMIN}) {
      store.add(role.label(), role, PASSWORD + " " + role.label());
    }
    return file;
  }

  static TestServer start(Path dir, Map<String, String> more) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("auth.enabled", "true");
    settings.put("auth.usersFile", users(dir).toString());
    settings.put("auth.passwordIterations", "10000");
    settings.putAll(more);
    return TestServer.start(settings);
  }

  static String basic(Role role) {
    return basic(role.label(), PASSWORD + " " + role.label());
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static HttpRequest.Builder request(TestServer server, String path) {
    return HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(20));
  }

  static HttpResponse<String> get(TestServer server, String path, String... headers) {
    HttpRequest.Builder builder = request(server, path).GET();
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return Http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> as(Role role, TestServer server, String path) {
    return get(server, path, "Authorization", basic(role));
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
