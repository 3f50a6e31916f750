package io.camstream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Browser;
import io.camstream.testing.LivePage;
import io.camstream.testing.Poll;
import io.camstream.testing.TestServer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;

/** The live page in a real headless Chromium against a real server. */
class ControlPanelBrowserTest {
  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start(Map.of("camera.type", "LiquidLens"));
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void pageLoadsWithoutConsoleErrorsAndShowsChangingFrames() {
    try (Browser browser = Browser.start(1280, 800)) {
      browser.driver().get(server.url("/"));
      LivePage page = new LivePage(browser.driver());
      page.waitReady();
      LivePage.Picture first = page.waitForPicture("the first frame", p -> true);
      assertThat(first.width()).isEqualTo(320);
      assertThat(first.height()).isEqualTo(240);
      Set<Long> seen = new HashSet<>();
      Poll.until(Duration.ofSeconds(30), "three different pictures in the live image", () -> {
        seen.add(page.picture().hash());
        return seen.size();
      }, n -> n >= 3);
      Poll.until(Duration.ofSeconds(20), "measured fps and frame size shown",
          () -> page.text("stat-fps") + " " + page.text("stat-size"), t -> t.matches("\\d+\\.\\d fps 320 × 240") && !t.startsWith("0.0"));
      assertThat(page.text("stat-viewers")).matches("[1-9]\\d*");
      assertThat(page.text("camera-status")).startsWith("camera ");
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  void grayscaleMakesTheDisplayedFramesGray() {
    try (Browser browser = Browser.start(1280, 800)) {
      browser.driver().get(server.url("/"));
      LivePage page = new LivePage(browser.driver());
      page.waitReady();
      assertThat(page.pressed("grayscale")).isFalse();
      page.waitForPicture("a colourful test pattern", p -> p.chroma() > 20);
      try {
        page.byId("grayscale").click();
        page.waitPressed("grayscale", true);
        page.waitForPicture("gray frames", p -> p.chroma() < 2);
        page.byId("grayscale").click();
        page.waitPressed("grayscale", false);
        page.waitForPicture("colour again", p -> p.chroma() > 20);
      } finally {
        io.camstream.testing.Http.postJson(server.url("/api/camera"), "{\"action\":\"grayscale\",\"enabled\":false}");
      }
    }
  }

  @Test
  void aControlChangedInOnePageShowsInAnotherWithoutReload() {
    try (Browser browser = Browser.start(1280, 800)) {
      var driver = browser.driver();
      driver.get(server.url("/"));
      String first = driver.getWindowHandle();
      LivePage a = new LivePage(driver);
      a.waitReady();
      driver.switchTo().newWindow(WindowType.WINDOW);
      String second = driver.getWindowHandle();
      driver.get(server.url("/"));
      LivePage b = new LivePage(driver);
      b.waitReady();
      b.waitForPicture("full-size frames in the second page", p -> p.width() == 320);
      try {
        driver.switchTo().window(first);
        a.byId("half").click();
        driver.switchTo().window(second);
        b.waitPressed("half", true);
        b.waitForPicture("half-size frames in the second page", p -> p.width() == 160);

        // and the other way round, with the focus slider's step buttons
        String before = b.text("focus-value");
        b.byId("focus-plus").click();
        driver.switchTo().window(first);
        a.waitPressed("autofocus", false);
        Poll.until(Duration.ofSeconds(20), "the first page to show the new focus",
            () -> a.text("focus-value"), v -> !v.equals(before) && !v.equals("–"));
      } finally {
        io.camstream.testing.Http.postJson(server.url("/api/camera"), "{\"action\":\"resolution\",\"half\":false}");
      }
    }
  }

  @Test
  void everyControlHasAnAccessibleNameAndTogglesExposeTheirState() {
    try (Browser browser = Browser.start(1280, 800)) {
      browser.driver().get(server.url("/"));
      LivePage page = new LivePage(browser.driver());
      page.waitReady();
      List<WebElement> controls = browser.driver().findElements(By.cssSelector("button, input, select, a[href]"));
      assertThat(controls).hasSizeGreaterThan(12);
      for (WebElement control : controls) {
        if (!control.isDisplayed()) {
          continue; // the closed media dialog's button
        }
        assertThat(control.getAccessibleName()).as("accessible name of " + control.getAttribute("id"))
            .isNotBlank();
      }
      for (String toggle : List.of("grayscale", "half", "autofocus", "light", "record")) {
        assertThat(page.byId(toggle).getAttribute("aria-pressed")).as(toggle).isIn("true", "false");
      }
    }
  }

  @Test
  void aControlThePartCannotDoIsDisabledWithTheReason() {
    try (TestServer plain = TestServer.start(Map.of("camera.type", "generic"));
        Browser browser = Browser.start(1280, 800)) {
      browser.driver().get(plain.url("/"));
      LivePage page = new LivePage(browser.driver());
      page.waitReady();
      Poll.until(Duration.ofSeconds(20), "focus controls disabled",
          () -> page.byId("focus-controls").getAttribute("disabled"), d -> d != null);
      assertThat(page.byId("focus-plus").isEnabled()).isFalse();
      assertThat(page.visible("focus-reason")).isTrue();
      assertThat(page.text("focus-reason")).contains("cannot focus");
    }
  }

  @Test
  void losingTheServerShowsTheBannerAndItsReturnClearsIt() {
    TestServer first = TestServer.start(Map.of());
    int port = first.port();
    TestServer second = null;
    try (Browser browser = Browser.start(1280, 800)) {
      browser.driver().get(first.url("/"));
      LivePage page = new LivePage(browser.driver());
      page.waitReady();
      page.waitForPicture("a frame", p -> true);
      assertThat(page.visible("banner")).isFalse();

      first.close();
      first = null;
      Poll.until(Duration.ofSeconds(20), "the lost-connection banner", () -> page.visible("banner"), v -> v);
      assertThat(page.text("banner")).contains("Connection to the server lost");

      second = TestServer.start(Map.of("server.port", String.valueOf(port)));
      Poll.until(Duration.ofSeconds(30), "the banner to clear", () -> page.visible("banner"), v -> !v);
      Set<Long> seen = new HashSet<>();
      Poll.until(Duration.ofSeconds(30), "the live image moving again", () -> {
        LivePage.Picture p = page.picture();
        if (p != null) {
          seen.add(p.hash());
        }
        return seen.size();
      }, n -> n >= 3);
      Poll.until(Duration.ofSeconds(30), "the new server to count the page as a viewer",
          () -> page.text("stat-viewers"), v -> v.matches("[1-9]\\d*"));
    } finally {
      if (first != null) {
        first.close();
      }
      if (second != null) {
        second.close();
      }
    }
  }
}
