package io.camstream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Browser;
import io.camstream.testing.Http;
import io.camstream.testing.LivePage;
import io.camstream.testing.Poll;
import io.camstream.testing.TestServer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;

/**
 * Two pages open on one server with a (simulated) light: what one page does, the other
 * shows without reload. Needs the media library, recording and light parts of the server.
 */
class MediaAndLightBrowserTest {
  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start(Map.of("light.type", "simulated"));
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theLightChangedInOnePageShowsInTheOther() {
    try (Browser browser = Browser.start(1280, 800)) {
      WebDriver driver = browser.driver();
      Pages pages = Pages.open(driver);
      pages.first();
      pages.a.waitPressed("light", false);
      pages.a.byId("light").click();
      pages.second();
      pages.b.waitPressed("light", true);

      String target = pages.b.text("brightness-value").equals("255") ? "0" : "255";
      pages.b.byId("brightness").sendKeys(target.equals("0") ? Keys.HOME : Keys.END);
      pages.first();
      Poll.until(Duration.ofSeconds(20), "the first page to show brightness " + target,
          () -> pages.a.text("brightness-value"), v -> v.equals(target));

      ((JavascriptExecutor) driver).executeScript(
          "const c = document.getElementById('color'); c.value = '#ff8800';"
              + " c.dispatchEvent(new Event('change', {bubbles: true}));");
      pages.second();
      Poll.until(Duration.ofSeconds(20), "the second page to show the colour",
          () -> pages.b.byId("color").getAttribute("value"), v -> v.equals("#ff8800"));
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  void aSnapshotAndARecordingAppearInTheOtherPageAndDeleteRemovesThem() throws Exception {
    try (Browser browser = Browser.start(1280, 800)) {
      WebDriver driver = browser.driver();
      Pages pages = Pages.open(driver);

      pages.first();
      pages.a.byId("capture-name").sendKeys("garden");
      pages.a.byId("snapshot").click();
      pages.second();
      waitListed(driver, "garden.jpg");
      assertThat(Files.size(server.mediaDir().resolve("garden.jpg"))).isPositive();
      pages.first();
      Poll.until(Duration.ofSeconds(20), "the saved message", () -> pages.a.text("message"),
          t -> t.equals("Snapshot saved as garden.jpg"));
      // the same name again is refused by the server, and the page says so
      pages.a.byId("snapshot").click();
      Poll.until(Duration.ofSeconds(20), "the refusal in the page", () -> pages.a.text("message"),
          t -> t.startsWith("The snapshot was not saved: ") && t.length() > 30);
      assertThat(pages.a.byId("message").getAttribute("class")).contains("error");
      browser.consoleErrors(); // the refused request is logged by the browser; that one is expected

      pages.first();
      pages.a.byId("capture-name").clear();
      pages.a.byId("capture-name").sendKeys("drive");
      pages.a.byId("record").click();
      pages.second();
      pages.b.waitPressed("record", true);
      Poll.until(Duration.ofSeconds(30), "the second page's recording timer to run",
          () -> pages.b.text("record-timer"), t -> !t.isEmpty() && !t.equals("0:00"));
      pages.b.byId("record").click();
      pages.first();
      pages.a.waitPressed("record", false);
      waitListed(driver, "drive.avi");

      pages.second();
      waitListed(driver, "drive.avi");
      browser.click(By.cssSelector("li[data-filename='drive.avi'] button.thumb"));
      Poll.until(Duration.ofSeconds(30), "the recording replaying in the page's dialog", () -> ((Number)
          ((JavascriptExecutor) driver).executeScript(
              "const i = document.querySelector('#viewer-dialog[open] .player img'); return i ? i.naturalWidth : 0;"))
          .longValue(), w -> w == 320);
      assertThat(browser.screenshot("media-replay-dialog")).isNotEmptyFile();
      driver.findElement(By.id("viewer-close")).click();
      browser.click(By.cssSelector("li[data-filename='garden.jpg'] button.danger"));
      driver.switchTo().alert().accept();
      pages.first();
      Poll.until(Duration.ofSeconds(20), "garden.jpg to leave the first page's list",
          () -> driver.findElements(By.cssSelector("li[data-filename='garden.jpg']")).size(), n -> n == 0);
      assertThat(server.mediaDir().resolve("garden.jpg")).doesNotExist();
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  void screenshotsOfTheDesktopAndPhoneLayouts() throws Exception {
    try (Browser browser = Browser.start(1280, 800)) {
      var driver = browser.driver();
      addMedia();
      browser.viewport(1280, 800, false);
      driver.get(server.url("/"));
      LivePage page = new LivePage(driver);
      page.waitReady();
      page.waitForPicture("a frame", p -> true);
      waitListed(driver, "pond.jpg");
      assertThat(browser.screenshot("live-desktop-1280x800")).isNotEmptyFile();
      WebElement stage = page.byId("live");
      WebElement controls = driver.findElement(By.cssSelector(".controls"));
      assertThat(controls.getLocation().getX()).as("controls beside the picture on a desktop")
          .isGreaterThan(stage.getLocation().getX() + stage.getSize().getWidth() - 1);

      browser.viewport(844, 390, true);
      Poll.until(Duration.ofSeconds(10), "the phone layout", () -> viewportWidth(driver), w -> w <= 844);
      long viewport = viewportWidth(driver);
      Poll.until(Duration.ofSeconds(10), "the picture filling the width",
          () -> (long) page.byId("live").getSize().getWidth(), w -> w >= viewport - 1);
      page.waitForPicture("a frame", p -> true);
      assertThat(browser.screenshot("live-phone-landscape-844x390")).isNotEmptyFile();
      ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
          "document.querySelector('.controls').scrollIntoView()");
      assertThat(browser.screenshot("live-phone-landscape-844x390-controls")).isNotEmptyFile();

      browser.viewport(1280, 800, false);
      browser.colorScheme("dark");
      Poll.until(Duration.ofSeconds(10), "the dark scheme", () -> ((org.openqa.selenium.JavascriptExecutor) driver)
          .executeScript("return matchMedia('(prefers-color-scheme: dark)').matches"), Boolean.TRUE::equals);
      assertThat(browser.screenshot("live-desktop-dark-1280x800")).isNotEmptyFile();
      browser.colorScheme("light");
      driver.get(server.url("/database"));
      Poll.until(Duration.ofSeconds(20), "the media list to load", () -> page.text("media-count"), t -> !t.isEmpty());
      assertThat(browser.screenshot("database-desktop-1280x800")).isNotEmptyFile();
    }
  }

  @Test
  void theEditorStartsANewListAndAddsAFileBack() throws Exception {
    assertThat(Http.get(server.url("/snapshot?filename=barn")).statusCode()).isEqualTo(200);
    try (Browser browser = Browser.start(1280, 800)) {
      WebDriver driver = browser.driver();
      driver.get(server.url("/database"));
      waitListed(driver, "barn.jpg");
      driver.findElement(By.id("new-database")).click();
      driver.switchTo().alert().accept();
      Poll.until(Duration.ofSeconds(20), "an empty list", () -> driver.findElement(By.id("media-count")).getText(),
          t -> t.equals("0 files"));
      assertThat(server.mediaDir().resolve("barn.jpg")).as("files stay in media/").exists();

      driver.findElement(By.id("add-name")).sendKeys("barn.jpg");
      driver.findElement(By.cssSelector("#add-form button[type=submit]")).click();
      waitListed(driver, "barn.jpg");
      assertThat(driver.findElement(By.id("message")).getText()).isEqualTo("Added barn.jpg");

      driver.findElement(By.id("add-name")).sendKeys("no-such-file.jpg");
      driver.findElement(By.cssSelector("#add-form button[type=submit]")).click();
      Poll.until(Duration.ofSeconds(20), "the refusal", () -> driver.findElement(By.id("message")).getText(),
          t -> t.startsWith("Could not add no-such-file.jpg: "));
    }
  }

  /** A picture and a short recording, so the screenshots show a media list. */
  private static void addMedia() throws Exception {
    assertThat(Http.get(server.url("/snapshot?filename=pond")).statusCode()).isEqualTo(200);
    assertThat(Http.get(server.url("/video_capture?status=false&filename=lap")).statusCode()).isEqualTo(200);
    Poll.until(Duration.ofSeconds(30), "a second of recording", () -> Http.get(server.url("/api/recording")).body(),
        b -> new io.vertx.core.json.JsonObject(b).getDouble("seconds", 0.0) >= 1.5);
    assertThat(Http.get(server.url("/video_capture?status=true")).statusCode()).isEqualTo(200);
  }

  private static long viewportWidth(org.openqa.selenium.WebDriver driver) {
    return ((Number) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("return document.documentElement.clientWidth")).longValue();
  }

  private static void waitListed(WebDriver driver, String file) {
    Poll.until(Duration.ofSeconds(30), file + " in the media list",
        () -> driver.findElements(By.cssSelector("li[data-filename='" + file + "']")).size(), n -> n == 1);
  }

  /** Two windows on the live page of the same browser. */
  private record Pages(WebDriver driver, String windowA, String windowB, LivePage a, LivePage b) {
    static Pages open(WebDriver driver) {
      driver.get(server.url("/"));
      LivePage a = new LivePage(driver);
      a.waitReady();
      String windowA = driver.getWindowHandle();
      driver.switchTo().newWindow(WindowType.WINDOW);
      driver.get(server.url("/"));
      LivePage b = new LivePage(driver);
      b.waitReady();
      return new Pages(driver, windowA, driver.getWindowHandle(), a, b);
    }

    void first() {
      driver.switchTo().window(windowA);
    }

    void second() {
      driver.switchTo().window(windowB);
    }
  }
}
