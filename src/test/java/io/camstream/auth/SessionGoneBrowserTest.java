package io.camstream.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Browser;
import io.camstream.testing.Http;
import io.camstream.testing.LivePage;
import io.camstream.testing.Poll;
import io.camstream.testing.SecuredServer;
import io.camstream.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * An open page whose sign-in ended (the server restarted without it, or it was signed out
 * elsewhere) goes to the sign-in page and, once signed in, back where it was, instead of
 * trying to reconnect for ever. The way back only ever leads to a page of this server.
 */
class SessionGoneBrowserTest {
  private static final Duration TO_SIGN_IN = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource({"desktop, 1280, 800", "phone, 390, 844"})
  void aPageWhoseSessionIsGoneAfterARestartGoesToSignInAndBack(String screen, int width, int height) throws IOException {
    SessionServers servers = new SessionServers(dir);
    TestServer[] server = {servers.start()};
    try (Browser browser = Browser.start(width, height)) {
      browser.driver().get(server[0].url("/"));
      SessionServers.signIn(browser, "operator", SecuredServer.PASSWORD + " operator");
      LivePage page = new LivePage(browser.driver());
      page.waitReady();

      server[0].close();
      Files.delete(servers.sessionsFile());
      server[0] = servers.start();

      String url = Poll.until(TO_SIGN_IN, "the page to go to the sign-in page", () -> browser.driver().getCurrentUrl(),
          now -> now.contains("/login"));
      assertThat(url).isEqualTo(server[0].url("/login?next=%2F"));
      browser.screenshot("SessionGoneBrowserTest-after-restart-" + screen);
      SessionServers.signIn(browser, "operator", SecuredServer.PASSWORD + " operator");
      assertThat(browser.driver().getCurrentUrl()).isEqualTo(server[0].url("/"));
      new LivePage(browser.driver()).waitReady();
      assertThat(browser.driver().findElement(By.id("account-who")).getText()).isEqualTo("signed in as operator (operator)");
    } finally {
      server[0].close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"desktop, 1280, 800", "phone, 390, 844"})
  void aPageSignedOutElsewhereGoesToSignInAndBackToThatPage(String screen, int width, int height) {
    SessionServers servers = new SessionServers(dir);
    try (TestServer server = servers.start(); Browser browser = Browser.start(width, height)) {
      browser.driver().get(server.url("/database"));
      SessionServers.signIn(browser, "admin", SecuredServer.PASSWORD + " admin");
      Poll.until(Duration.ofSeconds(20), "the media list", () -> browser.driver().findElement(By.id("media-count")).getText(),
          text -> text.endsWith("files"));
      // the same session, signed out from another tab or device
      String session = browser.driver().manage().getCookieNamed(Sessions.COOKIE).getValue();
      HttpResponse<String> out = Http.send(SecuredServer.request(server, "/logout")
          .header("Cookie", Sessions.COOKIE + "=" + session).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(out.statusCode()).isEqualTo(303);

      String url = Poll.until(TO_SIGN_IN, "the page to go to the sign-in page", () -> browser.driver().getCurrentUrl(),
          now -> now.contains("/login"));
      assertThat(url).isEqualTo(server.url("/login?next=%2Fdatabase"));
      SessionServers.signIn(browser, "admin", SecuredServer.PASSWORD + " admin");
      assertThat(browser.driver().getCurrentUrl()).isEqualTo(server.url("/database"));
    }
  }

  @Test
  void theWayBackAfterSigningInNeverLeadsToAnotherSite() {
    SessionServers servers = new SessionServers(dir);
    try (TestServer server = servers.start(); Browser browser = Browser.start(1280, 800)) {
      for (String elsewhere : List.of("//evil.example/x", "http://evil.example/", "https://evil.example",
          "/\\evil.example", "evil.example", " //evil.example")) {
        browser.driver().get(server.url("/login?next=" + SecuredServer.enc(elsewhere)));
        assertThat(browser.driver().findElement(By.name("next")).getAttribute("value")).as(elsewhere).isEqualTo("/");
        HttpResponse<String> posted = SecuredServer.login(server, "viewer", SecuredServer.PASSWORD + " viewer", elsewhere);
        assertThat(posted.headers().firstValue("Location")).as(elsewhere).hasValue("/");
      }
      browser.driver().get(server.url("/login?next=" + SecuredServer.enc("//evil.example/x")));
      SessionServers.signIn(browser, "viewer", SecuredServer.PASSWORD + " viewer");
      assertThat(browser.driver().getCurrentUrl()).isEqualTo(server.url("/"));

      browser.driver().get(server.url("/login?next=" + SecuredServer.enc("/database?x=1#media")));
      assertThat(browser.driver().findElement(By.name("next")).getAttribute("value")).isEqualTo("/database?x=1#media");
    }
  }
}
