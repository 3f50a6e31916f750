package io.camstream.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camstream.testing.Browser;
import io.camstream.testing.Http;
import io.camstream.testing.OldServerLibrary;
import io.camstream.testing.OldServerLibrary.Row;
import io.camstream.testing.Poll;
import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * A media folder the old server left behind (its schema file run as is, its inserts, the
 * dates its clients sent) opened by the whole camstream server.
 */
class OldServerLibraryTest {
  /** Every kind of date the old server stores: its own, its page's unpadded one, any client's text, none. */
  private static final List<Row> ROWS = List.of(
      new Row("2024-05-01", "garden.jpg"),
      new Row("2024-05-01 13:45:10.123456", "porch.avi"),
      new Row("11/29/2026", "pond.jpg"),
      new Row("2026-1-5", "lap.avi"),
      new Row("", "barn.jpg"),
      new Row(null, "drive.avi"));

  @TempDir
  Path dir;

  private Path oldMediaFolder(String schema, List<Row> rows) throws IOException {
    Path media = Files.createDirectories(dir.resolve("media"));
    OldServerLibrary.create(media.resolve("media.db"), schema, rows);
    for (Row row : rows) {
      Path file = media.resolve(row.fileName());
      if (row.fileName().endsWith(".jpg")) {
        OldServerLibrary.picture(file);
      } else {
        OldServerLibrary.recording(file);
      }
    }
    return media;
  }

  private static JsonArray oldList(List<Row> rows) {
    JsonArray list = new JsonArray();
    rows.forEach(r -> list.add(new JsonObject().put("date", r.date()).put("filename", r.fileName())));
    return list;
  }

  @Test
  void everyRowIsListedInIdOrderWithItsDateAsStoredAndHasAThumbnail() throws Exception {
    Path media = oldMediaFolder(OldServerLibrary.SCHEMA, ROWS);
    try (TestServer server = TestServer.start(Map.of("media.dir", media.toString()))) {
      HttpResponse<String> old = Http.get(server.url("/get_database"));
      assertThat(old.statusCode()).as(old.body()).isEqualTo(200);
      assertThat(new JsonArray(old.body())).isEqualTo(oldList(ROWS));

      HttpResponse<String> api = Http.get(server.url("/api/media?offset=0&limit=50"));
      assertThat(api.statusCode()).as(api.body()).isEqualTo(200);
      JsonObject page = new JsonObject(api.body());
      assertThat(page.getLong("total")).isEqualTo(6);
      List<JsonObject> items = objects(page.getJsonArray("items"));
      List<Row> newestFirst = newestFirst();
      assertThat(items).extracting(i -> i.getString("filename")).containsExactlyElementsOf(
          newestFirst.stream().map(Row::fileName).toList());
      assertThat(items).extracting(i -> i.getValue("date")).containsExactlyElementsOf(
          newestFirst.stream().map(Row::date).toList());
      assertThat(items).extracting(i -> i.getLong("id")).containsExactly(6L, 5L, 4L, 3L, 2L, 1L);
      assertThat(items).extracting(i -> i.getString("kind"))
          .containsExactly("video", "picture", "video", "picture", "video", "picture");

      for (JsonObject item : items) {
        HttpResponse<byte[]> thumb = Http.getBytes(server.url(item.getString("thumbnail")));
        assertThat(thumb.statusCode()).as("thumbnail of " + item.getString("filename")).isEqualTo(200);
        assertThat(thumb.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(thumb.body()).startsWith((byte) 0xFF, (byte) 0xD8);
      }
      JsonObject one = new JsonObject(Http.get(server.url("/api/media/porch.avi")).body());
      assertThat(one.getString("date")).isEqualTo("2024-05-01 13:45:10.123456");
    }
  }

  @Test
  void afterCamstreamAddsAndRemovesRowsTheOldServerStillReadsAndWritesTheFile() throws Exception {
    Path media = oldMediaFolder(OldServerLibrary.SCHEMA, ROWS);
    OldServerLibrary.picture(media.resolve("extra.jpg"));
    String today = LocalDate.now().toString();
    try (TestServer server = TestServer.start(Map.of("media.dir", media.toString()))) {
      assertThat(Http.get(server.url("/snapshot?filename=fresh")).statusCode()).isEqualTo(200);
      assertThat(Http.get(server.url("/database/add?filename=extra.jpg")).statusCode()).isEqualTo(200);
      assertThat(Http.get(server.url("/database/remove?filename=pond.jpg")).statusCode()).isEqualTo(200);
    }
    Path db = media.resolve("media.db");
    JsonArray expected = new JsonArray();
    for (Row row : ROWS) {
      if (!row.fileName().equals("pond.jpg")) {
        expected.add(new JsonObject().put("date", row.date()).put("fileName", row.fileName()));
      }
    }
    expected.add(new JsonObject().put("date", today).put("fileName", "fresh.jpg"));
    expected.add(new JsonObject().put("date", today).put("fileName", "extra.jpg"));
    assertThat(OldServerLibrary.oldQuery(db)).isEqualTo(expected);

    // the old server's own insert still works on the upgraded file, and camstream lists that row too
    OldServerLibrary.sqlite(db, "INSERT INTO media (date, fileName) VALUES ('2026-11-30', 'later.jpg');");
    OldServerLibrary.picture(media.resolve("later.jpg"));
    try (TestServer server = TestServer.start(Map.of("media.dir", media.toString()))) {
      JsonArray list = new JsonArray(Http.get(server.url("/get_database")).body());
      assertThat(list).hasSize(8);
      assertThat(list.getJsonObject(7)).isEqualTo(new JsonObject().put("date", "2026-11-30").put("filename", "later.jpg"));
    }
  }

  @Test
  void theOldServerStartingANewListOnTheUpgradedFileLeavesItReadable() throws Exception {
    Path media = oldMediaFolder(OldServerLibrary.SCHEMA, ROWS);
    try (TestServer server = TestServer.start(Map.of("media.dir", media.toString()))) {
      assertThat(new JsonArray(Http.get(server.url("/get_database")).body())).hasSize(6);
    }
    // /database/new on the old server runs its schema file again: the table loses camstream's columns
    OldServerLibrary.create(media.resolve("media.db"), OldServerLibrary.SCHEMA,
        List.of(new Row("2026-1-5", "garden.jpg")));
    try (TestServer server = TestServer.start(Map.of("media.dir", media.toString()))) {
      assertThat(new JsonArray(Http.get(server.url("/get_database")).body()))
          .isEqualTo(oldList(List.of(new Row("2026-1-5", "garden.jpg"))));
      JsonObject page = new JsonObject(Http.get(server.url("/api/media")).body());
      assertThat(page.getJsonArray("items").getJsonObject(0).getString("kind")).isEqualTo("picture");
    }
  }

  @Test
  void columnsSpelledInAnyCaseAreRead() throws Exception {
    Path media = oldMediaFolder(
        "create table media (ID INTEGER primary key autoincrement, DATE timestamp, filename TEXT);\n", ROWS);
    try (TestServer server = TestServer.start(Map.of("media.dir", media.toString()))) {
      HttpResponse<String> old = Http.get(server.url("/get_database"));
      assertThat(old.statusCode()).as(old.body()).isEqualTo(200);
      assertThat(new JsonArray(old.body())).isEqualTo(oldList(ROWS));
      assertThat(new JsonObject(Http.get(server.url("/api/media")).body()).getLong("total")).isEqualTo(6);
      assertThat(Http.get(server.url("/snapshot?filename=fresh&date=2026-1-6")).statusCode()).isEqualTo(200);
      assertThat(Http.get(server.url("/database/remove?filename=garden.jpg")).statusCode()).isEqualTo(200);
    }
    JsonArray rows = OldServerLibrary.oldQuery(media.resolve("media.db"));
    assertThat(rows).hasSize(6);
    // sqlite3 names the values after the table's own spelling of the columns
    assertThat(rows.getJsonObject(5)).isEqualTo(new JsonObject().put("DATE", "2026-1-6").put("filename", "fresh.jpg"));
  }

  @Test
  void aTableWithoutTheDateColumnIsRefusedAtStartNamingIt() throws Exception {
    Path media = Files.createDirectories(dir.resolve("media"));
    OldServerLibrary.sqlite(media.resolve("media.db"),
        "create table media (id INTEGER primary key autoincrement, fileName TEXT);"
            + "insert into media (fileName) values ('garden.jpg');");
    assertThatThrownBy(() -> TestServer.start(Map.of("media.dir", media.toString())))
        .hasMessageContaining("media.db").hasMessageContaining("\"date\"");
    // refused, not changed: the old server still finds its table and row
    assertThat(OldServerLibrary.sqlite(media.resolve("media.db"), "select fileName from media;")).contains("garden.jpg");
  }

  /**
   * A 1 MB cap and two old recordings: one dated 2024-05-01, one whose date ("11/29/2026")
   * is no date, so its file's age counts (an hour ago). A new recording larger than the cap
   * by itself: the older recordings go, oldest first by age, and the new one stays.
   */
  @Test
  void theStorageCapRemovesOlderRecordingsByAgeAndKeepsTheOneThatJustFinished() throws Exception {
    Path media = Files.createDirectories(dir.resolve("media"));
    OldServerLibrary.create(media.resolve("media.db"), OldServerLibrary.SCHEMA,
        List.of(new Row("11/29/2026", "recent.avi"), new Row("2024-05-01", "older.avi"), new Row("", "barn.jpg")));
    byte[] filler = new byte[300_000];
    new Random(19).nextBytes(filler);
    Files.write(media.resolve("recent.avi"), filler);
    Files.write(media.resolve("older.avi"), filler);
    Files.setLastModifiedTime(media.resolve("recent.avi"), FileTime.from(Instant.now().minusSeconds(3600)));
    OldServerLibrary.picture(media.resolve("barn.jpg"));

    try (TestServer server = TestServer.start(Map.of("media.dir", media.toString(),
        "recording.storageCapMegabytes", "1", "camera.width", "640", "camera.height", "480"))) {
      List<String> removed = new CopyOnWriteArrayList<>();
      server.vertx().eventBus().<JsonObject>consumer("camstream.media.events", m -> {
        if ("removed".equals(m.body().getString("event")) && "retention".equals(m.body().getString("reason"))) {
          removed.add(m.body().getJsonObject("item").getString("filename"));
        }
      });
      assertThat(new JsonArray(Http.get(server.url("/get_database")).body())).hasSize(3);

      assertThat(Http.get(server.url("/video_capture?status=false&filename=clip")).body()).isEqualTo("200");
      Poll.until(Duration.ofSeconds(60), "the recording to grow past the cap",
          () -> new JsonObject(Http.get(server.url("/api/recording")).body()), s -> s.getLong("bytes", 0L) > 1_300_000);
      assertThat(Http.get(server.url("/video_capture?status=true")).body()).isEqualTo("200");

      JsonObject state = Poll.until(Duration.ofSeconds(30), "the recording state to report the cap",
          () -> new JsonObject(Http.get(server.url("/api/recording")).body()), s -> s.containsKey("storageCap"));
      JsonObject cap = state.getJsonObject("storageCap");
      assertThat(cap.getLong("capBytes")).isEqualTo(1024L * 1024);
      assertThat(cap.getLong("usedBytes")).isGreaterThan(1024L * 1024);
      assertThat(cap.getJsonArray("kept")).containsExactly("clip.avi");
      assertThat(cap.getString("message")).contains("clip.avi");

      Poll.until(Duration.ofSeconds(10), "both old recordings to be removed", () -> List.copyOf(removed), r -> r.size() >= 2);
      assertThat(removed).containsExactly("older.avi", "recent.avi");
      assertThat(media.resolve("clip.avi")).exists();
      assertThat(media.resolve("barn.jpg")).as("pictures are never removed by the cap").exists();
      assertThat(new JsonArray(Http.get(server.url("/get_database")).body())).extracting(o -> ((JsonObject) o)
          .getString("filename")).containsExactly("barn.jpg", "clip.avi");

      try (Browser browser = Browser.start(1280, 800)) {
        browser.driver().get(server.url("/"));
        // the message names the bytes used, which change as the older recordings go: the panel
        // must show the current one
        Poll.until(Duration.ofSeconds(30), "the panel to say what the cap kept",
            () -> browser.driver().findElement(By.id("record-reason")).getText(),
            t -> t.contains("kept clip.avi") && t.equals(new JsonObject(Http.get(server.url("/api/recording")).body())
                .getJsonObject("storageCap", new JsonObject()).getString("message")));
      }
    }
  }

  @Test
  void thePanelListsEveryOldRowWithItsDateAsStoredAndItsThumbnail() throws Exception {
    Path media = oldMediaFolder(OldServerLibrary.SCHEMA, ROWS);
    try (TestServer server = TestServer.start(Map.of("media.dir", media.toString()));
        Browser browser = Browser.start(1280, 800)) {
      WebDriver driver = browser.driver();
      for (String page : List.of("/", "/database")) {
        driver.get(server.url(page));
        Poll.until(Duration.ofSeconds(30), "the media list of " + page,
            () -> driver.findElements(By.cssSelector("#media-list li.media-item")).size(), n -> n == ROWS.size());
        List<WebElement> shown = driver.findElements(By.cssSelector("#media-list li.media-item"));
        List<Row> newestFirst = newestFirst();
        assertThat(shown).extracting(li -> li.getAttribute("data-filename"))
            .containsExactlyElementsOf(newestFirst.stream().map(Row::fileName).toList());
        assertThat(shown).extracting(li -> li.findElement(By.cssSelector(".meta")).getText())
            .containsExactlyElementsOf(newestFirst.stream().map(r -> r.date() == null ? "" : r.date()).toList());
        Poll.until(Duration.ofSeconds(30), "every thumbnail of " + page + " to load", () -> ((Number)
            ((JavascriptExecutor) driver).executeScript("return [...document.querySelectorAll('#media-list li.media-item')]"
                + ".filter(li => { const i = li.querySelector('.thumb img'); return i && i.complete && i.naturalWidth > 0; })"
                + ".length")).intValue(), n -> n == ROWS.size());
      }
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  private static List<Row> newestFirst() {
    List<Row> rows = new ArrayList<>(ROWS);
    Collections.reverse(rows);
    return rows;
  }

  private static List<JsonObject> objects(JsonArray array) {
    List<JsonObject> list = new ArrayList<>();
    array.forEach(o -> list.add((JsonObject) o));
    return list;
  }
}
