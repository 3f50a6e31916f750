package io.camstream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Browser;
import io.camstream.testing.Http;
import io.camstream.testing.LivePage;
import io.camstream.testing.Poll;
import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The panel with several cameras in a real Chromium: a grid of live tiles (the test pattern and
 * two ffmpeg pipes, each its own picture size), a tile opens its camera whose controls act on it
 * alone, tiles stream only while shown, an admin adds and removes a camera from the page, and
 * nine cameras fit a desktop in columns and a phone in one column.
 */
class SeveralCamerasBrowserTest {
  /** Each camera its own picture width, so a tile shows whose pictures it carries. */
  private static final Map<String, Integer> WIDTHS = Map.of("default", 320, "yard", 160, "door", 240);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static TestServer server;

  private static String ffmpeg(int width, int height) {
    return "pipe:ffmpeg -hide_banner -loglevel error -re -f lavfi -i testsrc2=size=" + width + "x" + height
        + ":rate=10 -c:v mjpeg -q:v 5 -f mjpeg -";
  }

  @BeforeAll
  static void start() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("camera.fps", "10");
    settings.put("cameras.yard.source", ffmpeg(160, 120));
    settings.put("cameras.yard.name", "Yard");
    settings.put("cameras.door.source", ffmpeg(240, 180));
    settings.put("cameras.door.name", "Front door");
    server = TestServer.start(settings);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** The widths of the pictures the tiles show now, by camera id (0 for a tile without one). */
  @SuppressWarnings("unchecked")
  private static Map<String, Long> tilePictures(WebDriver driver) {
    Object shown = ((JavascriptExecutor) driver).executeScript("""
        const seen = {};
        document.querySelectorAll('#camera-grid .tile').forEach((tile) => {
          const img = tile.querySelector('img');
          seen[tile.dataset.camera] = img.getAttribute('src') && img.complete !== false ? img.naturalWidth : 0;
        });
        return seen;""");
    return ((Map<String, Object>) shown).entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> ((Number) e.getValue()).longValue()));
  }

  private static JsonObject state(TestServer on, String path) {
    return new JsonObject(Http.get(on.url(path)).body());
  }

  private static int viewers(TestServer on, String camera) {
    return state(on, "/api/cameras/" + camera).getInteger("viewers");
  }

  private static void waitViewers(TestServer on, String camera, int expected) {
    Poll.until(WAIT, expected + " viewer(s) of camera " + camera + " at the server",
        () -> viewers(on, camera), n -> n == expected);
  }

  @Test
  void theGridShowsEveryCameraLiveAndATileOpensThatCameraWithItsOwnControls() {
    try (Browser browser = Browser.start(1280, 800)) {
      WebDriver driver = browser.driver();
      driver.get(server.url("/"));
      LivePage page = new LivePage(driver);

      // every camera in a tile, each showing its own pictures, and no big picture open
      Poll.until(WAIT, "each tile showing its camera's pictures", () -> tilePictures(driver),
          shown -> WIDTHS.entrySet().stream().allMatch(w -> shown.getOrDefault(w.getKey(), 0L) == w.getValue().longValue()));
      assertThat(driver.findElements(By.cssSelector("#camera-grid .tile-name")).stream().map(WebElement::getText))
          .containsExactly("default", "Yard", "Front door");
      assertThat(page.byId("live").getAttribute("src")).as("the single view's stream is not open").isNull();
      assertThat(page.visible("image-controls")).as("camera controls wait for a camera to be opened").isFalse();
      Poll.until(WAIT, "the header counting the cameras", () -> page.text("camera-status"), t -> t.equals("3 cameras online"));
      WIDTHS.keySet().forEach(id -> waitViewers(server, id, 1));

      // a tile opens its camera: its stream, its name, and the grid's streams close
      browser.click(By.cssSelector(".tile[data-camera='yard'] a"));
      Poll.until(WAIT, "the address naming the camera", driver::getCurrentUrl, u -> u.endsWith("/?camera=yard"));
      assertThat(page.text("camera-name")).isEqualTo("Yard");
      page.waitReady();
      page.waitForPicture("a picture of the yard camera", p -> p.width() == 160);
      waitViewers(server, "default", 0);
      waitViewers(server, "door", 0);
      waitViewers(server, "yard", 1);

      // its controls act on it alone
      page.byId("grayscale").click();
      page.waitPressed("grayscale", true);
      assertThat(state(server, "/api/cameras/yard").getBoolean("grayscale")).isTrue();
      assertThat(state(server, "/api/cameras/door").getBoolean("grayscale")).isFalse();
      assertThat(state(server, "/api/camera").getBoolean("grayscale")).isFalse();
      page.byId("grayscale").click();
      page.waitPressed("grayscale", false);

      page.byId("capture-name").sendKeys("yard-still");
      page.byId("snapshot").click();
      Poll.until(WAIT, "the snapshot's confirmation", () -> page.text("message"), t -> t.contains("yard-still.jpg"));
      JsonArray yardMedia = state(server, "/api/media?camera=yard").getJsonArray("items");
      assertThat(yardMedia.stream().map(m -> ((JsonObject) m).getString("filename"))).containsExactly("yard-still.jpg");
      Poll.until(WAIT, "the camera's own media list", () -> driver.findElements(By.cssSelector("#media-list li[data-filename]"))
          .stream().map(li -> li.getAttribute("data-filename")).toList(), names -> names.equals(List.of("yard-still.jpg")));

      // a recording of this camera shows on its tile in the grid, and only there
      page.byId("record").click();
      page.waitPressed("record", true);
      assertThat(state(server, "/api/cameras/yard/recording").getBoolean("recording")).isTrue();
      assertThat(state(server, "/api/cameras/door/recording").getBoolean("recording")).isFalse();
      browser.click(By.id("all-cameras"));
      Poll.until(WAIT, "the grid again", () -> page.visible("grid-view"), shown -> shown);
      Poll.until(WAIT, "REC on the yard tile only", () -> driver.findElements(By.cssSelector(".tile .rec-mark")).stream()
          .filter(WebElement::isDisplayed).map(m -> m.findElement(By.xpath("ancestor::li")).getAttribute("data-camera")).toList(),
          marked -> marked.equals(List.of("yard")));
      WIDTHS.keySet().forEach(id -> waitViewers(server, id, 1));

      // the browser's back button goes where the address says
      driver.navigate().back();
      Poll.until(WAIT, "the yard camera again after Back", () -> page.text("camera-name"), t -> t.equals("Yard"));
      page.waitPressed("record", true);
      page.byId("record").click();
      page.waitPressed("record", false);
      Poll.until(WAIT, "the yard recording stopped at the server",
          () -> state(server, "/api/cameras/yard/recording").getBoolean("recording"), on -> !on);
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  void anAdminAddsAndRemovesACameraFromThePageAndAMistakeIsSaid() {
    try (Browser browser = Browser.start(1280, 800)) {
      WebDriver driver = browser.driver();
      driver.get(server.url("/"));
      LivePage page = new LivePage(driver);
      Poll.until(WAIT, "the grid", () -> driver.findElements(By.cssSelector("#camera-grid .tile")).size(), n -> n >= 3);

      // a taken id is refused with the server's reason, and nothing changes
      page.byId("add-camera").findElement(By.tagName("summary")).click();
      page.byId("new-camera-id").sendKeys("yard");
      page.byId("new-camera-source").sendKeys("test");
      page.byId("add-camera-submit").click();
      Poll.until(WAIT, "the refusal", () -> page.text("cameras-message"), t -> t.startsWith("The camera was not added: ") && t.contains("yard"));
      assertThat(new JsonArray(Http.get(server.url("/cameras")).body()).size()).isEqualTo(3);

      page.byId("new-camera-id").clear();
      page.byId("new-camera-id").sendKeys("porch");
      page.byId("new-camera-name").sendKeys("Porch");
      page.byId("add-camera-submit").click();
      Poll.until(WAIT, "the new camera's tile showing pictures", () -> tilePictures(driver).getOrDefault("porch", 0L), w -> w > 0);
      assertThat(new JsonArray(Http.get(server.url("/cameras")).body()).stream().map(c -> ((JsonObject) c).getString("id")))
          .contains("porch");

      // the default camera cannot be removed, so its view offers no Remove
      browser.click(By.cssSelector(".tile[data-camera='default'] a"));
      Poll.until(WAIT, "the default camera's view", () -> page.text("camera-name"), t -> t.equals("default"));
      assertThat(page.visible("remove-camera")).isFalse();
      browser.click(By.id("all-cameras"));

      browser.click(By.cssSelector(".tile[data-camera='porch'] a"));
      Poll.until(WAIT, "the porch camera's view", () -> page.text("camera-name"), t -> t.equals("Porch"));
      page.byId("remove-camera").click();
      driver.switchTo().alert().accept();
      Poll.until(WAIT, "back on the grid without the porch tile", () -> page.visible("grid-view")
          && driver.findElements(By.cssSelector(".tile[data-camera='porch']")).isEmpty(), done -> done);
      assertThat(new JsonArray(Http.get(server.url("/cameras")).body()).stream().map(c -> ((JsonObject) c).getString("id")))
          .containsExactly("default", "yard", "door");
      // the browser logs the refused request of the taken id, and may log the end of the removed
      // camera's stream it was showing (the server ends it); nothing else may fail
      assertThat(browser.consoleErrors())
          .filteredOn(e -> !e.contains("/api/cameras - Failed to load resource: the server responded with a status of 409"))
          .filteredOn(e -> !e.contains("/cameras/porch/video_feed - Failed to load resource: net::ERR_CONNECTION_RESET"))
          .isEmpty();
    }
  }

  @Test
  void nineCamerasFitADesktopInColumnsAndAPhoneInOneColumnWhereOnlyShownTilesStream() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("camera.width", "160");
    settings.put("camera.height", "90");
    settings.put("camera.fps", "5");
    List<String> ids = IntStream.rangeClosed(2, 9).mapToObj(i -> "cam" + i).toList();
    for (String id : ids) {
      settings.put("cameras." + id + ".source", "test");
      settings.put("cameras." + id + ".width", "160");
      settings.put("cameras." + id + ".height", "90");
      settings.put("cameras." + id + ".fps", "5");
    }
    try (TestServer nine = TestServer.start(settings); Browser browser = Browser.start(1280, 800)) {
      WebDriver driver = browser.driver();
      JavascriptExecutor js = (JavascriptExecutor) driver;
      driver.get(nine.url("/"));
      Poll.until(WAIT, "nine tiles", () -> driver.findElements(By.cssSelector("#camera-grid .tile")).size(), n -> n == 9);

      // a desktop: three or more columns, no sideways scroll, tiles big enough to see something
      Map<?, ?> desktop = (Map<?, ?>) js.executeScript(LAYOUT);
      assertThat(((Number) desktop.get("columns")).intValue()).as("columns " + desktop).isGreaterThanOrEqualTo(3);
      assertThat(((Number) desktop.get("overflowX")).doubleValue()).isLessThanOrEqualTo(0);
      assertThat(((Number) desktop.get("narrowest")).doubleValue()).as("tile width").isGreaterThanOrEqualTo(240);
      assertThat(((Number) desktop.get("lowestLabel")).doubleValue()).as("tap height of a tile's label").isGreaterThanOrEqualTo(44);
      // a browser opens 6 connections to a server: 4 tiles stream, the other shown ones renew a
      // still, and every one shows a picture while the page's own requests still get through
      Poll.until(WAIT, "a picture in every tile on the screen", () -> js.executeScript(ON_SCREEN_WITHOUT_PICTURE),
          missing -> ((Number) missing).intValue() == 0);
      List<String> all = new java.util.ArrayList<>(ids);
      all.add(0, "default");
      Poll.until(WAIT, "four live tile streams at the server", () -> all.stream().mapToInt(id -> viewers(nine, id)).sum(),
          streams -> streams == 4);
      Object answered = ((JavascriptExecutor) driver).executeAsyncScript(
          "const done = arguments[arguments.length - 1]; fetch('/api/disk').then((r) => done(r.status), (e) => done(String(e)));");
      assertThat(answered).as("a request of the page beside the grid").isEqualTo(200L);

      // a phone upright: one column, and only the tiles on the screen stream
      browser.viewport(390, 844, true);
      Poll.until(WAIT, "one column on a phone", () -> ((Number) ((Map<?, ?>) js.executeScript(LAYOUT)).get("columns")).intValue(),
          columns -> columns == 1);
      Map<?, ?> phone = (Map<?, ?>) js.executeScript(LAYOUT);
      assertThat(((Number) phone.get("overflowX")).doubleValue()).isLessThanOrEqualTo(0);
      assertThat(((Number) phone.get("narrowest")).doubleValue()).as("tile width on a phone").isGreaterThanOrEqualTo(340);
      waitViewers(nine, "default", 1);
      waitViewers(nine, "cam9", 0);
      js.executeScript("document.querySelector(\".tile[data-camera='cam9']\").scrollIntoView()");
      waitViewers(nine, "cam9", 1);
      waitViewers(nine, "default", 0);
      Poll.until(WAIT, "the last tile's picture", () -> tilePictures(driver).getOrDefault("cam9", 0L), w -> w == 160);
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  /** How many tiles on the screen show no picture yet. */
  private static final String ON_SCREEN_WITHOUT_PICTURE = """
      return Array.from(document.querySelectorAll('#camera-grid .tile img')).filter((img) => {
        const r = img.getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight && !(img.complete && img.naturalWidth > 0);
      }).length;""";

  /** The grid's columns (distinct tile left edges), narrowest tile, lowest label and sideways overflow. */
  private static final String LAYOUT = """
      const tiles = Array.from(document.querySelectorAll('#camera-grid .tile'));
      const lefts = new Set(tiles.map((t) => Math.round(t.getBoundingClientRect().left)));
      return {
        columns: lefts.size,
        narrowest: Math.min(...tiles.map((t) => t.getBoundingClientRect().width)),
        lowestLabel: Math.min(...tiles.map((t) => t.querySelector('.tile-label').getBoundingClientRect().height)),
        overflowX: document.documentElement.scrollWidth - window.innerWidth
      };""";
}
