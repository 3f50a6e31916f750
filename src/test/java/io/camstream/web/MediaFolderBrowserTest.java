package io.camstream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Browser;
import io.camstream.testing.Http;
import io.camstream.testing.Poll;
import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The media list by day with the disk's free space, and the /database editor: files in
 * media/ the list does not name are offered to add, each action answers beside its button,
 * and a file added again keeps its size and duration. Rows the old server or another
 * program wrote go straight into the real media.db.
 */
class MediaFolderBrowserTest {
  private static final String DISK = "Disk: \\d+(\\.\\d)? [KMGT]?B free of \\d+(\\.\\d)? [KMGT]?B( \\(almost full\\))?";
  private TestServer server;

  @BeforeEach
  void startServer() {
    server = TestServer.start(Map.of());
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"desktop, 1280, 800", "phone, 390, 844"})
  void theListIsGroupedByDayNewestFirstAndTheDiskSpaceIsShown(String screen, int width, int height) throws Exception {
    // listed in this order over the years: a row of the old server's with no date at all, one
    // whose client sent a month-first date, then year-first dates with and without padding
    snapshot("undated");
    sql("UPDATE media SET date = NULL WHERE fileName = ?", "undated.jpg");
    snapshot("american&date=11/29/2025");
    snapshot("may&date=2024-05-01");
    snapshot("january&date=2026-1-5");
    snapshot("today");
    snapshot("today-too");

    try (Browser browser = Browser.start(width, height)) {
      WebDriver driver = browser.driver();
      driver.get(server.url("/"));
      Poll.until(Duration.ofSeconds(30), "five day groups", () -> days(driver), d -> d.size() == 5);
      // newest first as listed, a heading per day
      assertThat(days(driver)).containsExactly(LocalDate.now().toString(), "2026-01-05", "2024-05-01", "text:11/29/2025", "none");
      assertThat(inDay(driver, LocalDate.now().toString())).containsExactly("today-too.jpg", "today.jpg");
      assertThat(inDay(driver, "2026-01-05")).containsExactly("january.jpg");
      assertThat(inDay(driver, "none")).containsExactly("undated.jpg");
      List<String> titles = driver.findElements(By.cssSelector(".media-day-title")).stream().map(WebElement::getText).toList();
      assertThat(titles.get(0)).startsWith("Today, ");
      assertThat(titles.get(2)).contains("2024");
      assertThat(titles.subList(3, 5)).containsExactly("11/29/2025", "No date");
      Poll.until(Duration.ofSeconds(10), "the disk's free space", () -> driver.findElement(By.id("media-disk")).getText(),
          t -> t.matches(DISK));
      assertThat(browser.screenshot(screen.equals("desktop") ? "panel-media-by-day" : "panel-media-by-day-" + screen)).isNotEmptyFile();

      driver.get(server.url("/database"));
      Poll.until(Duration.ofSeconds(30), "the disk's free space on /database",
          () -> driver.findElement(By.id("media-disk")).getText(), t -> t.matches(DISK));
      Poll.until(Duration.ofSeconds(30), "the unlisted files", () -> driver.findElements(By.cssSelector("#unlisted-list li")).size(),
          n -> n > 0);
      for (String scheme : List.of("light", "dark")) {
        browser.colorScheme(scheme);
        Poll.until(Duration.ofSeconds(10), "the " + scheme + " scheme", () -> ((org.openqa.selenium.JavascriptExecutor) driver)
            .executeScript("return matchMedia('(prefers-color-scheme: " + scheme + ")').matches"), Boolean.TRUE::equals);
        assertThat(PanelMeasures.lowContrast(driver, 4.5)).as("/database, " + scheme + " scheme").isEmpty();
      }
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"desktop, 1280, 800", "phone, 390, 844"})
  void theEditorOffersTheUnlistedFilesAndAnswersBesideEachAction(String screen, int width, int height) throws Exception {
    snapshot("shed");
    assertThat(Http.get(server.url("/video_capture?status=false&filename=walk")).statusCode()).isEqualTo(200);
    Poll.until(Duration.ofSeconds(30), "a second and a half of recording", () -> Http.get(server.url("/api/recording")).body(),
        b -> new JsonObject(b).getDouble("seconds", 0.0) >= 1.5);
    assertThat(Http.get(server.url("/video_capture?status=true")).statusCode()).isEqualTo(200);
    JsonObject walk = new JsonObject(Poll.until(Duration.ofSeconds(20), "the recording listed",
        () -> Http.get(server.url("/api/media/walk.avi")), r -> r.statusCode() == 200).body());
    assertThat(Http.get(server.url("/database/new")).statusCode()).isEqualTo(200);
    Files.copy(server.mediaDir().resolve("shed.jpg"), server.mediaDir().resolve("gone.jpg"));

    try (Browser browser = Browser.start(width, height)) {
      WebDriver driver = browser.driver();
      driver.get(server.url("/database"));
      Poll.until(Duration.ofSeconds(30), "the unlisted files offered", () -> driver.findElements(
          By.cssSelector("#unlisted-list li[data-file]")).stream().map(li -> li.getAttribute("data-file")).sorted().toList(),
          names -> names.equals(List.of("gone.jpg", "shed.jpg", "walk.avi")));

      unlistedRow(driver, "walk.avi").findElement(By.tagName("button")).click();
      Poll.until(Duration.ofSeconds(20), "the answer beside the file", () -> unlistedRow(driver, "walk.avi")
          .findElement(By.cssSelector(".message")).getText(), t -> t.equals("Added to the list"));
      assertThat(unlistedRow(driver, "walk.avi").findElements(By.tagName("button"))).as("nothing more to add").isEmpty();
      WebElement item = Poll.until(Duration.ofSeconds(20), "walk.avi in the list",
          () -> driver.findElements(By.cssSelector("li.media-item[data-filename='walk.avi']")), l -> l.size() == 1).get(0);
      assertThat(item.findElement(By.cssSelector(".meta")).getText()).contains("320×240")
          .contains(String.format("0:%02d", (int) Math.floor(walk.getDouble("durationSeconds"))));
      ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
      assertThat(browser.screenshot("database-" + screen)).isNotEmptyFile();
      JsonObject again = new JsonObject(Http.get(server.url("/api/media/walk.avi")).body());
      assertThat(again.getDouble("durationSeconds")).isEqualTo(walk.getDouble("durationSeconds"));
      assertThat(again.getLong("frames")).isEqualTo(walk.getLong("frames"));

      // the file went away after the page offered it: the refusal stands beside its own button
      Files.delete(server.mediaDir().resolve("gone.jpg"));
      unlistedRow(driver, "gone.jpg").findElement(By.tagName("button")).click();
      WebElement refusal = unlistedRow(driver, "gone.jpg").findElement(By.cssSelector(".message"));
      Poll.until(Duration.ofSeconds(20), "the refusal beside the file", refusal::getText,
          t -> t.startsWith("Not added: ") && t.contains("gone.jpg does not exist"));
      assertThat(refusal.getAttribute("class")).contains("error");

      // a row another program removed meanwhile: Delete's refusal stands beside that item
      sql("DELETE FROM media WHERE fileName = ?", "walk.avi");
      item.findElement(By.cssSelector("button.danger")).click();
      driver.switchTo().alert().accept();
      Poll.until(Duration.ofSeconds(20), "the refusal beside the item", () -> item.findElement(By.cssSelector(".item-message")).getText(),
          t -> t.startsWith("Could not delete: ") && t.contains("not in the media list"));

      driver.findElement(By.id("unlisted-refresh")).click();
      Poll.until(Duration.ofSeconds(20), "walk.avi offered again", () -> driver.findElements(
          By.cssSelector("#unlisted-list li[data-file='walk.avi'] button")).size(), n -> n == 1);
      driver.findElement(By.id("new-database")).click();
      driver.switchTo().alert().accept();
      WebElement answer = driver.findElement(By.id("new-message"));
      Poll.until(Duration.ofSeconds(20), "the answer beside New database", answer::getText, t -> t.startsWith("The media list is now empty"));
      assertThat(answer.findElement(By.xpath("..")).findElement(By.id("new-database")).isDisplayed()).isTrue();
      Poll.until(Duration.ofSeconds(20), "shed.jpg offered again after the new list", () -> driver.findElements(
          By.cssSelector("#unlisted-list li[data-file='shed.jpg'] button")).size(), n -> n == 1);
    }
  }

  private void snapshot(String nameAndDate) {
    assertThat(Http.get(server.url("/snapshot?filename=" + nameAndDate)).statusCode()).isEqualTo(200);
  }

  /** A change made by another program on the server's own media.db. */
  private void sql(String statement, String fileName) throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + server.mediaDir().resolve("media.db"));
        PreparedStatement change = db.prepareStatement(statement)) {
      db.createStatement().execute("PRAGMA busy_timeout = 5000");
      change.setString(1, fileName);
      assertThat(change.executeUpdate()).isEqualTo(1);
    }
  }

  private static List<String> days(WebDriver driver) {
    return driver.findElements(By.cssSelector("#media-list > li.media-day")).stream().map(li -> li.getAttribute("data-day")).toList();
  }

  private static List<String> inDay(WebDriver driver, String day) {
    return driver.findElements(By.cssSelector("li.media-day[data-day='" + day + "'] li.media-item")).stream()
        .map(li -> li.getAttribute("data-filename")).toList();
  }

  private static WebElement unlistedRow(WebDriver driver, String file) {
    return driver.findElement(By.cssSelector("#unlisted-list li[data-file='" + file + "']"));
  }
}
