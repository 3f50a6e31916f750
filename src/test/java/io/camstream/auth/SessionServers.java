package io.camstream.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Browser;
import io.camstream.testing.Http;
import io.camstream.testing.Poll;
import io.camstream.testing.SecuredServer;
import io.camstream.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;

/**
 * Servers with access control on that can be stopped and started again on the same folders
 * and port (the users and sessions files in {@code dir}, the media in {@code dir/media}), and
 * the session cookies of their users.
 */
final class SessionServers {
  private final Path dir;
  private final int port = TestServer.freePort();

  /** Writes the three users of {@link SecuredServer} into {@code dir}. */
  SessionServers(Path dir) {
    this.dir = dir;
    SecuredServer.users(dir);
  }

  TestServer start() {
    return TestServer.start(Map.of("auth.enabled", "true", "auth.usersFile", dir.resolve("users.json").toString(),
        "auth.passwordIterations", "10000", "media.dir", dir.resolve("media").toString(),
        "server.port", String.valueOf(port)));
  }

  Path sessionsFile() {
    return dir.resolve("sessions.json");
  }

  Path usersFile() {
    return dir.resolve("users.json");
  }

  /** Signs in on the sign-in form; returns the value of the session cookie. */
  static String signIn(TestServer server, String user, String password) {
    HttpResponse<String> answer = SecuredServer.login(server, user, password, "/");
    assertThat(answer.statusCode()).as("sign-in of " + user + ": " + answer.body()).isEqualTo(303);
    String setCookie = answer.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).startsWith(Sessions.COOKIE + "=");
    return setCookie.substring(Sessions.COOKIE.length() + 1, setCookie.indexOf(';'));
  }

  static String signIn(TestServer server, String user) {
    return signIn(server, user, SecuredServer.PASSWORD + " " + user);
  }

  /** Fills in and sends the sign-in form the browser shows, and waits until it has left it. */
  static void signIn(Browser browser, String user, String password) {
    Poll.until(Duration.ofSeconds(30), "the sign-in form", () -> browser.driver().findElements(By.name("username")),
        found -> !found.isEmpty());
    browser.driver().findElement(By.name("username")).sendKeys(user);
    browser.driver().findElement(By.name("password")).sendKeys(password);
    browser.driver().findElement(By.cssSelector("button[type=submit]")).click();
    Poll.until(Duration.ofSeconds(20), "signed in as " + user, () -> browser.driver().getCurrentUrl(),
        url -> !url.contains("/login"));
  }

  static HttpResponse<String> get(TestServer server, String path, String session) {
    return SecuredServer.get(server, path, "Cookie", Sessions.COOKIE + "=" + session);
  }

  static HttpResponse<String> post(TestServer server, String path, String session, String json) {
    return Http.send(SecuredServer.request(server, path).header("Cookie", Sessions.COOKIE + "=" + session)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
