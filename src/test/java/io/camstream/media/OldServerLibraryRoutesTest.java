package io.camstream.media;

import static io.camstream.media.OldServerLibraryTest.ROWS;
import static io.camstream.media.OldServerLibraryTest.newestFirst;
import static io.camstream.media.OldServerLibraryTest.objects;
import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Browser;
import io.camstream.testing.Http;
import io.camstream.testing.OldServerLibrary;
import io.camstream.testing.OldServerLibrary.Row;
import io.camstream.testing.Poll;
import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * What a user of the old server sees of its media folder once the whole camstream server
 * runs on it: the old and new list routes, thumbnails, downloads and the page. One server
 * for the tests that only read the folder; the library's own behaviour is OldServerLibraryTest.
 */
class OldServerLibraryRoutesTest {
  @TempDir
  static Path dir;
  private static Path media;
  private static TestServer server;

  @BeforeAll
  static void startOnTheOldFolder() throws Exception {
    media = OldServerLibraryTest.oldMediaFolder(dir.resolve("media"), OldServerLibrary.SCHEMA, ROWS);
    server = TestServer.start(Map.of("media.dir", media.toString()));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyRowIsListedWithItsDateAsStoredAndItsFileAndThumbnailCanBeFetched() throws Exception {
    HttpResponse<String> old = Http.get(server.url("/get_database"));
    assertThat(old.statusCode()).as(old.body()).isEqualTo(200);
    JsonArray oldList = new JsonArray();
    ROWS.forEach(r -> oldList.add(new JsonObject().put("date", r.date()).put("filename", r.fileName())));
    assertThat(new JsonArray(old.body())).as("the old shape, in id order").isEqualTo(oldList);

    HttpResponse<String> api = Http.get(server.url("/api/media?offset=0&limit=50"));
    assertThat(api.statusCode()).as(api.body()).isEqualTo(200);
    JsonObject page = new JsonObject(api.body());
    assertThat(page.getLong("total")).isEqualTo(6);
    List<JsonObject> items = objects(page.getJsonArray("items"));
    assertThat(items).extracting(i -> i.getString("filename"))
        .containsExactlyElementsOf(newestFirst().stream().map(Row::fileName).toList());
    assertThat(items).extracting(i -> i.getValue("date"))
        .containsExactlyElementsOf(newestFirst().stream().map(Row::date).toList());
    assertThat(items).extracting(i -> i.getLong("id")).containsExactly(6L, 5L, 4L, 3L, 2L, 1L);
    assertThat(items).extracting(i -> i.getString("kind"))
        .containsExactly("video", "picture", "video", "picture", "video", "picture");

    for (JsonObject item : items) {
      HttpResponse<byte[]> thumb = Http.getBytes(server.url(item.getString("thumbnail")));
      assertThat(thumb.statusCode()).as("thumbnail of " + item.getString("filename")).isEqualTo(200);
      assertThat(thumb.headers().firstValue("Content-Type")).hasValue("image/jpeg");
      assertThat(thumb.body()).startsWith((byte) 0xFF, (byte) 0xD8);

      HttpResponse<byte[]> file = Http.getBytes(server.url(item.getString("url")));
      assertThat(file.statusCode()).as("download of " + item.getString("filename")).isEqualTo(200);
      assertThat(file.body()).as("the old file as it is").isEqualTo(Files.readAllBytes(media.resolve(item.getString("filename"))));
    }
    JsonObject one = new JsonObject(Http.get(server.url("/api/media/porch.avi")).body());
    assertThat(one.getString("date")).isEqualTo("2024-05-01 13:45:10.123456");
  }

  @Test
  void thePanelListsEveryOldRowWithItsDateAsStoredAndItsThumbnail() {
    try (Browser browser = Browser.start(1280, 800)) {
      WebDriver driver = browser.driver();
      for (String page : List.of("/", "/database")) {
        driver.get(server.url(page));
        Poll.until(Duration.ofSeconds(30), "the media list of " + page,
            () -> driver.findElements(By.cssSelector("#media-list li.media-item")).size(), n -> n == ROWS.size());
        List<WebElement> shown = driver.findElements(By.cssSelector("#media-list li.media-item"));
        assertThat(shown).extracting(li -> li.getAttribute("data-filename"))
            .containsExactlyElementsOf(newestFirst().stream().map(Row::fileName).toList());
        assertThat(shown).extracting(li -> li.findElement(By.cssSelector(".meta")).getText())
            .containsExactlyElementsOf(newestFirst().stream().map(r -> r.date() == null ? "" : r.date()).toList());
        // thumbnails load lazily, as they come near the screen: bring the list's end into view
        ((JavascriptExecutor) driver).executeScript("document.querySelector('#media-list li.media-item:last-child').scrollIntoView()");
        // the server made none before: each is decoded and scaled now, on a machine that may be busy
        Poll.until(Duration.ofSeconds(60), "every thumbnail of " + page + " to load", () -> ((Number)
            ((JavascriptExecutor) driver).executeScript("return [...document.querySelectorAll('#media-list li.media-item')]"
                + ".filter(li => { const i = li.querySelector('.thumb img'); return i && i.complete && i.naturalWidth > 0; })"
                + ".length")).intValue(), n -> n == ROWS.size());
      }
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  /**
   * A recording started from the old route grows past a 1 MB cap over the old folder of
   * OldServerLibraryTest's cap test: the recording state and the page say what was kept.
   * Its own server: the cap removes the old recordings.
   */
  @Test
  void thePanelSaysWhatTheStorageCapKept() throws Exception {
    Path capped = OldServerLibraryTest.folderForTheCap(dir.resolve("capped"));
    try (TestServer cappedServer = TestServer.start(Map.of("media.dir", capped.toString(),
        "recording.storageCapMegabytes", "1", "camera.width", "640", "camera.height", "480"))) {
      assertThat(new JsonArray(Http.get(cappedServer.url("/get_database")).body())).hasSize(3);

      assertThat(Http.get(cappedServer.url("/video_capture?status=false&filename=clip")).body()).isEqualTo("200");
      Poll.until(Duration.ofSeconds(60), "the recording to grow past the cap",
          () -> recording(cappedServer), s -> s.getLong("bytes", 0L) > 1_300_000);
      assertThat(Http.get(cappedServer.url("/video_capture?status=true")).body()).isEqualTo("200");

      JsonObject state = Poll.until(Duration.ofSeconds(30), "the recording state to report the cap without the old recordings",
          () -> recording(cappedServer), s -> s.containsKey("storageCap") && !Files.exists(capped.resolve("recent.avi")));
      JsonObject cap = state.getJsonObject("storageCap");
      assertThat(cap.getLong("capBytes")).isEqualTo(1024L * 1024);
      assertThat(cap.getLong("usedBytes")).isGreaterThan(1024L * 1024);
      assertThat(cap.getJsonArray("kept")).containsExactly("clip.avi");
      assertThat(cap.getString("message")).contains("clip.avi");
      assertThat(new JsonArray(Http.get(cappedServer.url("/get_database")).body())).extracting(o -> ((JsonObject) o)
          .getString("filename")).containsExactly("barn.jpg", "clip.avi");

      try (Browser browser = Browser.start(1280, 800)) {
        browser.driver().get(cappedServer.url("/"));
        // the message names the bytes used, which change as the older recordings go: the panel
        // must show the current one
        Poll.until(Duration.ofSeconds(30), "the panel to say what the cap kept",
            () -> browser.driver().findElement(By.id("record-reason")).getText(),
            t -> t.contains("kept clip.avi") && t.equals(recording(cappedServer)
                .getJsonObject("storageCap", new JsonObject()).getString("message")));
      }
    }
  }

  private static JsonObject recording(TestServer on) {
    return new JsonObject(Http.get(on.url("/api/recording")).body());
  }
}
