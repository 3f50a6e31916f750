package io.camstream.auth;

import static io.camstream.testing.SecuredServer.as;
import static io.camstream.testing.SecuredServer.basic;
import static io.camstream.testing.SecuredServer.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.ClassWideServer;
import io.camstream.testing.Http;
import io.camstream.testing.Poll;
import io.camstream.testing.SecuredServer;
import io.camstream.testing.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Roles, credentials, the first admin, and the access table applied to every row. */
class AccessControlTest {
  private static final Map<String, String> HARMLESS_COMMANDS = Map.of("system.rebootCommand", "true",
      "system.shutdownCommand", "true", "system.commandsInContainer", "true");

  /**
   * The tests of this server leave its three users as they were (they add their own to change);
   * the failed sign-ins of all of them together stay under the limit that LoginLimitTest tests.
   */
  @RegisterExtension
  static final ClassWideServer secured = ClassWideServer.secured(withLoginAttempts(HARMLESS_COMMANDS));
  @RegisterExtension
  static final ClassWideServer anonymousViewers = ClassWideServer.secured(Map.of("auth.allowAnonymousViewers", "true"));
  @RegisterExtension
  static final ClassWideServer open = ClassWideServer.open(Map.of("auth.enabled", "false"));

  @TempDir
  Path dir;

  private static Map<String, String> withLoginAttempts(Map<String, String> settings) {
    Map<String, String> all = new java.util.HashMap<>(settings);
    all.put("auth.loginAttempts", "1000");
    return all;
  }

  @Test
  void firstStartCreatesAnAdminWhosePasswordIsOnlyInAPrivateFile() throws IOException {
    Path users = dir.resolve("conf/users.json");
    try (TestServer server = TestServer.start(Map.of("auth.enabled", "true", "auth.usersFile", users.toString()))) {
      Path passwordFile = dir.resolve("conf/admin-password.txt");
      assertThat(Files.getPosixFilePermissions(users)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.getPosixFilePermissions(passwordFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
      String[] lines = Files.readString(passwordFile).trim().split("\n");
      String password = lines[lines.length - 1].trim();
      assertThat(password).hasSizeGreaterThanOrEqualTo(20);
      assertThat(Files.readString(users)).doesNotContain(password).contains("pbkdf2-sha256$");

      assertThat(get(server, "/api/session").statusCode()).isEqualTo(401);
      var session = get(server, "/api/session", "Authorization", basic("admin", password));
      assertThat(session.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(session.body()).getString("role")).isEqualTo("admin");
      assertThat(get(server, "/api/session", "Authorization", basic("admin", password + "x")).statusCode()).isEqualTo(401);
    }
    // a second start keeps the admin and prints no new password
    String before = Files.readString(users);
    try (TestServer server = TestServer.start(Map.of("auth.enabled", "true", "auth.usersFile", users.toString()))) {
      assertThat(Files.readString(users)).isEqualTo(before);
    }
  }

  @Test
  void everyRowOfTheAccessTableRefusesTheRoleBelowAndLetsItsOwnRoleThrough() {
    TestServer server = secured.get();
    for (AccessPolicy.Rule rule : AccessPolicy.RULES) {
      HttpMethod method = rule.method() == null ? HttpMethod.GET : rule.method();
      String path = rule.pattern().replace("*", "x.jpg");
      String what = method + " " + path;
      if (rule.role() == Role.NONE) {
        assertThat(status(server, method, path, null)).as(what).isNotIn(401, 403);
        continue;
      }
      HttpResponse<InputStream> anonymous = send(server, method, path, null);
      assertThat(anonymous.statusCode()).as(what + " without credentials").isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate")).as(what).hasValueSatisfying(
          v -> assertThat(v).startsWith("Basic"));
      close(anonymous);
      if (rule.role() != Role.VIEWER) {
        Role below = Role.values()[rule.role().ordinal() - 1];
        assertThat(status(server, method, path, basic(below))).as(what + " as " + below).isEqualTo(403);
      }
      assertThat(passes(server, method, path, basic(rule.role()))).as(what + " as " + rule.role()).isTrue();
    }
    // a path no row names needs an admin
    assertThat(as(Role.OPERATOR, server, "/not-in-the-table").statusCode()).isEqualTo(403);
    assertThat(as(Role.ADMIN, server, "/not-in-the-table").statusCode()).isEqualTo(404);
    // dot segments and encodings are resolved before the table is read
    assertThat(as(Role.VIEWER, server, "/media/..%2Fgrayscale?status=false").statusCode()).isIn(403, 404);
    assertThat(as(Role.VIEWER, server, "/css/../grayscale?status=false").statusCode()).isEqualTo(403);
    assertThat(as(Role.VIEWER, server, "/css/%2e%2e/grayscale?status=false").statusCode()).isEqualTo(403);
    assertThat(as(Role.VIEWER, server, "/grayscale/?status=false").statusCode()).isEqualTo(403);
  }

  @Test
  void browsersAreSentToTheLoginPageAndNeverGetABasicChallenge() {
    TestServer server = secured.get();
    var page = get(server, "/", "Accept", "text/html,application/xhtml+xml", "User-Agent", "Mozilla/5.0 test");
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location")).hasValue("/login?next=%2F");
    var api = get(server, "/api/state", "User-Agent", "Mozilla/5.0 test", "Sec-Fetch-Mode", "cors");
    assertThat(api.statusCode()).isEqualTo(401);
    assertThat(api.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).doesNotContain("Basic"));
    var login = get(server, "/login?next=/database");
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.body()).contains("<form method=\"post\" action=\"/login\">").contains("value=\"/database\"")
        .doesNotContain("<script");
    assertThat(get(server, "/login?next=//evil.example/").body()).contains("name=\"next\" value=\"/\"");
    assertThat(get(server, "/login?next=%22%3E%3Cscript%3E").body()).doesNotContain("\"><script>");
    assertThat(get(server, "/health").statusCode()).isEqualTo(200);
    assertThat(get(server, "/css/login.css").statusCode()).isEqualTo(200);
  }

  @Test
  void aSignedInBrowserGetsAStrictHttpOnlyCookieThatEndsWithLogoutOrAPasswordChange() {
    TestServer server = secured.get();
    // an operator of this test's own, since the password change below would lock the others out
    UserStore store = new UserStore(usersFile(server), 10_000);
    store.load();
    store.add("olivia", Role.OPERATOR, "olivia's first password");
    // asked as the admin: tries with olivia's password before the reload would count as failed sign-ins
    Poll.until(Duration.ofSeconds(15), "the server to know the new operator",
        () -> get(server, "/api/users", "Authorization", basic(Role.ADMIN)).body(), users -> users.contains("\"olivia\""));
    HttpResponse<String> wrong = SecuredServer.login(server, "olivia", "nope", "/");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("Wrong user name or password");
    assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();

    HttpResponse<String> ok = SecuredServer.login(server, "olivia", "olivia's first password", "/database");
    assertThat(ok.statusCode()).isEqualTo(303);
    assertThat(ok.headers().firstValue("Location")).hasValue("/database");
    String setCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).startsWith("camstream_session=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict")
        .contains("Path=/").doesNotContain("Secure");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));

    var session = get(server, "/api/session", "Cookie", cookie);
    assertThat(new JsonObject(session.body()).getString("user")).isEqualTo("olivia");
    assertThat(get(server, "/grayscale?status=false", "Cookie", cookie).statusCode()).isEqualTo(200);
    assertThat(get(server, "/logs", "Cookie", cookie).statusCode()).isEqualTo(403);

    // a password change ends the sessions opened before it (the server reloads the file)
    store.load();
    store.setPassword("olivia", "a new password!");
    Poll.until(Duration.ofSeconds(15), "the old session to end",
        () -> get(server, "/api/session", "Cookie", cookie).statusCode(), code -> code == 401);

    String again = SecuredServer.login(server, "olivia", "a new password!", "/").headers().firstValue("Set-Cookie").orElseThrow();
    String cookie2 = again.substring(0, again.indexOf(';'));
    assertThat(cookie2).isNotEqualTo(cookie);
    assertThat(get(server, "/api/session", "Cookie", cookie2).statusCode()).isEqualTo(200);
    var logout = Http.send(SecuredServer.request(server, "/logout").header("Cookie", cookie2)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(logout.statusCode()).isEqualTo(303);
    assertThat(get(server, "/api/session", "Cookie", cookie2).statusCode()).isEqualTo(401);
  }

  @Test
  void apiTokensWorkAsBearerAndAreStoredOnlyAsDigests() {
    TestServer server = secured.get();
    Path file = usersFile(server);
    UserStore store = new UserStore(file, 10_000);
    store.load();
    String token = store.newToken("viewer");
    assertThat(SecuredServer.read(file)).doesNotContain(token);
    // at once, as a script that just ran `camstream user token` would use it: not after the next check of the file
    assertThat(get(server, "/api/state", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
    store.add("tom", Role.VIEWER, "tom's first password");
    assertThat(get(server, "/api/state", "Authorization", basic("tom", "tom's first password")).statusCode()).isEqualTo(200);
    assertThat(get(server, "/grayscale?status=false", "Authorization", "Bearer " + token).statusCode()).isEqualTo(403);
    assertThat(get(server, "/api/state", "Authorization", "Bearer " + token + "x").statusCode()).isEqualTo(401);
    store.revokeTokens("viewer");
    Poll.until(Duration.ofSeconds(15), "the token to be refused",
        () -> get(server, "/api/state", "Authorization", "Bearer " + token).statusCode(), code -> code == 401);
  }

  @Test
  void adminsManageUsersOverTheApi() {
    TestServer server = secured.get();
    String admin = basic(Role.ADMIN);
    var added = json(server, "POST", "/api/users", admin, "{\"name\":\"bob\",\"role\":\"viewer\",\"password\":\"bob's password\"}");
    assertThat(added.statusCode()).isEqualTo(200);
    assertThat(get(server, "/api/state", "Authorization", basic("bob", "bob's password")).statusCode()).isEqualTo(200);
    assertThat(json(server, "POST", "/api/users", admin, "{\"name\":\"bob\",\"role\":\"viewer\",\"password\":\"x\"}")
        .statusCode()).isEqualTo(400);
    assertThat(json(server, "POST", "/api/users", admin, "{\"name\":\"../x\",\"role\":\"god\"}").statusCode())
        .isEqualTo(400);
    assertThat(json(server, "PATCH", "/api/users/bob", admin, "{\"role\":\"operator\"}").statusCode()).isEqualTo(200);
    assertThat(get(server, "/grayscale?status=false", "Authorization", basic("bob", "bob's password")).statusCode())
        .isEqualTo(200);
    String token = new JsonObject(json(server, "POST", "/api/users/bob/token", admin, "").body()).getString("token");
    assertThat(get(server, "/api/state", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
    assertThat(get(server, "/api/users", "Authorization", basic(Role.OPERATOR)).statusCode()).isEqualTo(403);
    assertThat(get(server, "/api/users", "Authorization", admin).body()).contains("\"bob\"").doesNotContain("pbkdf2");
    assertThat(json(server, "DELETE", "/api/users/admin", admin, "").statusCode()).as("the last admin").isEqualTo(400);
    assertThat(json(server, "DELETE", "/api/users/nobody", admin, "").statusCode()).isEqualTo(404);
    assertThat(json(server, "DELETE", "/api/users/bob", admin, "").statusCode()).isEqualTo(200);
    assertThat(get(server, "/api/state", "Authorization", "Bearer " + token).statusCode()).isEqualTo(401);
  }

  private static Path usersFile(TestServer server) {
    return Path.of(server.app().config().getJsonObject("auth").getString("usersFile"));
  }

  private static HttpResponse<String> json(TestServer server, String method, String path, String authorization,
      String body) {
    return Http.send(SecuredServer.request(server, path).header("Authorization", authorization)
        .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anonymousViewersMayWatchWhenAllowedButNotControl() {
    TestServer server = anonymousViewers.get();
    assertThat(get(server, "/api/state").statusCode()).isEqualTo(200);
    assertThat(get(server, "/frame.jpg").statusCode()).isEqualTo(200);
    assertThat(get(server, "/grayscale?status=false").statusCode()).isEqualTo(401);
    assertThat(as(Role.OPERATOR, server, "/grayscale?status=false").statusCode()).isEqualTo(200);
  }

  @Test
  void withAuthOffEverythingIsOpenAsInALab() {
    TestServer server = open.get();
    assertThat(get(server, "/grayscale?status=false").statusCode()).isEqualTo(200);
    assertThat(get(server, "/logs").statusCode()).isEqualTo(200);
    assertThat(new JsonObject(get(server, "/api/session").body()).getBoolean("authEnabled")).isFalse();
  }

  private static HttpResponse<InputStream> send(TestServer server, HttpMethod method, String path, String authorization) {
    HttpRequest.Builder builder = SecuredServer.request(server, path)
        .method(method.name(), HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return Http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  private static int status(TestServer server, HttpMethod method, String path, String authorization) {
    HttpResponse<InputStream> response = send(server, method, path, authorization);
    close(response);
    return response.statusCode();
  }

  /** Whether the access check let the request through (the route itself may still refuse it). */
  private static boolean passes(TestServer server, HttpMethod method, String path, String authorization) {
    HttpResponse<InputStream> response = send(server, method, path, authorization);
    try (InputStream body = response.body()) {
      String start = new String(body.readNBytes(200), java.nio.charset.StandardCharsets.UTF_8);
      return response.statusCode() != 401 && !(response.statusCode() == 403 && start.contains("role"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void close(HttpResponse<InputStream> response) {
    try {
      response.body().close();
    } catch (IOException ignored) {
      // only the status was wanted
    }
  }
}
