package io.camstream.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Browser;
import io.camstream.testing.CameraState;
import io.camstream.testing.LivePage;
import io.camstream.testing.Poll;
import io.camstream.testing.SecuredServer;
import io.camstream.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/** The control panel behind the sign-in page, in a real Chromium, with the CSP in force. */
class SignedInBrowserTest {
  @TempDir
  Path dir;

  @Test
  void anOperatorSignsInAndDrivesTheCameraWhileAViewerOnlyWatches() {
    try (TestServer server = SecuredServer.start(dir, Map.of()); Browser browser = Browser.start(1280, 800)) {
      browser.driver().get(server.url("/"));
      Poll.until(Duration.ofSeconds(20), "the sign-in page", () -> browser.driver().getCurrentUrl(),
          url -> url.contains("/login"));
      signIn(browser, "operator");
      LivePage page = new LivePage(browser.driver());
      page.waitReady();
      page.waitForPicture("live video after signing in", p -> p.chroma() > 20);
      page.byId("grayscale").click();
      page.waitPressed("grayscale", true);
      page.waitForPicture("gray frames", p -> p.chroma() < 2);
      assertThat(CameraState.of(server, SecuredServer.basic(Role.VIEWER)).getBoolean("grayscale")).isTrue();
      assertThat(browser.consoleErrors()).as("no CSP violations or failed requests").isEmpty();
    }
  }

  @Test
  void aViewerSeesTheVideoButCannotChangeAnything() {
    try (TestServer server = SecuredServer.start(dir, Map.of()); Browser browser = Browser.start(1280, 800)) {
      browser.driver().get(server.url("/login"));
      signIn(browser, "viewer");
      LivePage page = new LivePage(browser.driver());
      page.waitReady();
      page.waitForPicture("live video for a viewer", p -> p.chroma() > 20);
      assertThat(page.visible("grayscale")).as("not offered to a viewer").isFalse();
      // the request the button would send is refused all the same
      Object refusal = browser.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
          + "fetch('/grayscale?status=false').then(r => r.text()).then(done);");
      assertThat(String.valueOf(refusal)).contains("operator");
      assertThat(CameraState.of(server, SecuredServer.basic(Role.VIEWER)).getBoolean("grayscale")).isFalse();
    }
  }

  private static void signIn(Browser browser, String user) {
    browser.driver().findElement(By.name("username")).sendKeys(user);
    browser.driver().findElement(By.name("password")).sendKeys(SecuredServer.PASSWORD + " " + user);
    browser.driver().findElement(By.cssSelector("button[type=submit]")).click();
    Poll.until(Duration.ofSeconds(20), "signed in", () -> browser.driver().getCurrentUrl(), url -> !url.contains("/login"));
  }
}
