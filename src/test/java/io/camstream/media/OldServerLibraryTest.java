package io.camstream.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.camstream.capture.Frame;
import io.camstream.capture.FrameCodec;
import io.camstream.config.ConfigLoader;
import io.camstream.recording.RecordingVerticle;
import io.camstream.testing.Await;
import io.camstream.testing.OldServerLibrary;
import io.camstream.testing.OldServerLibrary.Row;
import io.camstream.testing.Poll;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A media folder the old server left behind (its schema file run as is, its inserts, the
 * dates its clients sent) opened by the media verticle alone, asked over the bus as the
 * routes ask it; after it, the old server's own reader (the sqlite3 program) reads the file.
 * What a user sees of such a folder over HTTP and in the page is OldServerLibraryRoutesTest.
 */
@ExtendWith(VertxExtension.class)
class OldServerLibraryTest {
  /** Every kind of date the old server stores: its own, its page's unpadded one, any client's text, none. */
  static final List<Row> ROWS = List.of(
      new Row("2024-05-01", "garden.jpg"),
      new Row("2024-05-01 13:45:10.123456", "porch.avi"),
      new Row("11/29/2026", "pond.jpg"),
      new Row("2026-1-5", "lap.avi"),
      new Row("", "barn.jpg"),
      new Row(null, "drive.avi"));

  @TempDir
  Path dir;
  private Vertx vertx;
  private Control library;

  /**
   * Thumbnails are made with OpenCV, whose natives take seconds to load in a fresh JVM on a
   * busy machine: loaded here, so the library's answers are not timed against that.
   */
  @BeforeAll
  static void loadOpenCv() {
    Loader.load(opencv_imgcodecs.class);
  }

  @BeforeEach
  void bus(Vertx vertx) {
    this.vertx = vertx;
    vertx.eventBus().registerDefaultCodec(Frame.class, new FrameCodec());
    library = Control.of(vertx, Addresses.MEDIA_CONTROL);
  }

  /**
   * The old server's folder: its schema and rows through sqlite3, a real picture and recording
   * made by ffmpeg for the first row of each kind and copied for the others.
   */
  static Path oldMediaFolder(Path media, String schema, List<Row> rows) throws IOException {
    Files.createDirectories(media);
    OldServerLibrary.create(media.resolve("media.db"), schema, rows);
    Path picture = null;
    Path recording = null;
    for (Row row : rows) {
      Path file = media.resolve(row.fileName());
      if (row.fileName().endsWith(".jpg")) {
        picture = copyOrMake(picture, file, OldServerLibrary::picture);
      } else {
        recording = copyOrMake(recording, file, OldServerLibrary::recording);
      }
    }
    return media;
  }

  private static Path copyOrMake(Path made, Path file, java.util.function.Consumer<Path> make) throws IOException {
    if (made == null) {
      make.accept(file);
      return file;
    }
    Files.copy(made, file);
    return made;
  }

  private Path oldMediaFolder(String schema, List<Row> rows) throws IOException {
    return oldMediaFolder(dir.resolve("media"), schema, rows);
  }

  private String deploy(VerticleBase verticle, Path media, Map<String, String> settings) {
    Map<String, String> all = new HashMap<>(settings);
    all.put("media.dir", media.toString());
    return Await.result(vertx.deployVerticle(verticle, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)
        .setConfig(ConfigLoader.load(null, Map.of(), all))));
  }

  private String openLibrary(Path media) {
    return deploy(new MediaVerticle(), media, Map.of());
  }

  /** Undeploying closes media.db, as stopping the server does. */
  private void closeLibrary(String deployment) {
    Await.result(vertx.undeploy(deployment));
  }

  private JsonObject ask(JsonObject request) {
    return Await.result(library.send(request));
  }

  private List<JsonObject> items() {
    return objects(ask(new JsonObject().put("action", "list")).getJsonArray("items"));
  }

  /**
   * A snapshot as /snapshot sends it: a picture (garden.jpg's), with the filename and the
   * date the client gave ("" for none).
   */
  private JsonObject snapshot(String filename, String date) throws IOException {
    Frame frame = new Frame(Files.readAllBytes(dir.resolve("media/garden.jpg")), 320, 240, 1, System.nanoTime(), 0, false);
    return Await.result(library.send("snapshot", frame, Map.of("filename", filename, "date", date)));
  }

  /** Each item's (date, filename), as the old server's rows are. */
  private static List<Row> rows(List<JsonObject> items) {
    return items.stream().map(i -> new Row(i.getString("date"), i.getString("filename"))).toList();
  }

  @Test
  void everyRowIsReadInIdOrderWithItsDateAsStoredAndHasAThumbnail() throws Exception {
    openLibrary(oldMediaFolder(OldServerLibrary.SCHEMA, ROWS));
    List<JsonObject> items = items();
    assertThat(rows(items)).containsExactlyElementsOf(ROWS);
    assertThat(items).extracting(i -> i.getLong("id")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(items).extracting(i -> i.getString("kind"))
        .containsExactly("picture", "video", "picture", "video", "picture", "video");

    JsonObject page = ask(new JsonObject().put("action", "page").put("offset", 0).put("limit", 50));
    assertThat(page.getLong("total")).isEqualTo(6);
    List<JsonObject> newestFirst = objects(page.getJsonArray("items"));
    assertThat(newestFirst).extracting(i -> i.getLong("id")).containsExactly(6L, 5L, 4L, 3L, 2L, 1L);
    assertThat(rows(newestFirst)).containsExactlyElementsOf(newestFirst());

    for (Row row : ROWS) {
      Path thumbnail = Path.of(ask(new JsonObject().put("action", "thumbnail").put("filename", row.fileName()))
          .getString("path"));
      assertThat(Files.readAllBytes(thumbnail)).as("thumbnail of " + row.fileName()).startsWith((byte) 0xFF, (byte) 0xD8);
    }
    assertThat(ask(new JsonObject().put("action", "get").put("filename", "porch.avi")).getString("date"))
        .isEqualTo("2024-05-01 13:45:10.123456");
  }

  @Test
  void afterCamstreamAddsAndRemovesRowsTheOldServerStillReadsAndWritesTheFile() throws Exception {
    Path media = oldMediaFolder(OldServerLibrary.SCHEMA, ROWS);
    Files.copy(media.resolve("garden.jpg"), media.resolve("extra.jpg"));
    String today = LocalDate.now().toString();
    String opened = openLibrary(media);
    assertThat(snapshot("fresh", "").getString("filename")).isEqualTo("fresh.jpg");
    ask(new JsonObject().put("action", "add").put("filename", "extra.jpg"));
    ask(new JsonObject().put("action", "remove").put("filename", "pond.jpg"));
    closeLibrary(opened);

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
    Files.copy(media.resolve("garden.jpg"), media.resolve("later.jpg"));
    openLibrary(media);
    List<JsonObject> items = items();
    assertThat(items).hasSize(8);
    assertThat(rows(items).get(7)).isEqualTo(new Row("2026-11-30", "later.jpg"));
  }

  @Test
  void theOldServerStartingANewListOnTheUpgradedFileLeavesItReadable() throws Exception {
    Path media = oldMediaFolder(OldServerLibrary.SCHEMA, ROWS);
    String opened = openLibrary(media);
    assertThat(items()).hasSize(6);
    closeLibrary(opened);
    // /database/new on the old server runs its schema file again: the table loses camstream's columns
    OldServerLibrary.create(media.resolve("media.db"), OldServerLibrary.SCHEMA, List.of(new Row("2026-1-5", "garden.jpg")));
    openLibrary(media);
    List<JsonObject> items = items();
    assertThat(rows(items)).containsExactly(new Row("2026-1-5", "garden.jpg"));
    assertThat(items.get(0).getString("kind")).isEqualTo("picture");
  }

  @Test
  void columnsSpelledInAnyCaseAreRead() throws Exception {
    Path media = oldMediaFolder(
        "create table media (ID INTEGER primary key autoincrement, DATE timestamp, filename TEXT);\n", ROWS);
    String opened = openLibrary(media);
    assertThat(rows(items())).containsExactlyElementsOf(ROWS);
    assertThat(ask(new JsonObject().put("action", "page")).getLong("total")).isEqualTo(6);
    snapshot("fresh", "2026-1-6");
    ask(new JsonObject().put("action", "remove").put("filename", "garden.jpg"));
    closeLibrary(opened);

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
    assertThatThrownBy(() -> openLibrary(media)).hasMessageContaining("media.db").hasMessageContaining("\"date\"");
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
    Path media = folderForTheCap(dir.resolve("media"));
    List<String> removed = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.MEDIA_EVENTS, m -> {
      if ("removed".equals(m.body().getString("event")) && "retention".equals(m.body().getString("reason"))) {
        removed.add(m.body().getJsonObject("item").getString("filename"));
      }
    });
    openLibrary(media);
    deploy(new RecordingVerticle(), media, Map.of("recording.storageCapMegabytes", "1", "recording.minFreeMegabytes", "0"));
    assertThat(items()).hasSize(3);

    Control recorder = Control.of(vertx, Addresses.RECORDING_CONTROL);
    Await.result(recorder.send(new JsonObject().put("action", "start").put("filename", "clip")));
    List<byte[]> noise = noisyJpegs(4);
    long t0 = System.nanoTime();
    for (int n = 0; n < 12; n++) {
      long nanos = t0 + n * 1_000_000_000L / 30;
      vertx.eventBus().publish(Addresses.FRAMES, new Frame(noise.get(n % noise.size()), 640, 480, n, nanos, 0, false));
    }
    // the recorder works through its messages in order: the stop comes after every frame above
    JsonObject stopped = Await.result(recorder.send("stop"));
    assertThat(stopped.getLong("lastFrames")).as("frames in clip.avi").isEqualTo(12);
    assertThat(Files.size(media.resolve("clip.avi"))).as("clip.avi alone is over the cap").isGreaterThan(1024L * 1024);

    JsonObject state = Poll.until(Duration.ofSeconds(30), "the older recordings to go and the cap to be reported",
        () -> Await.result(recorder.state()), s -> removed.size() >= 2 && s.containsKey("storageCap"));
    assertThat(removed).containsExactly("older.avi", "recent.avi");
    JsonObject cap = state.getJsonObject("storageCap");
    assertThat(cap.getLong("capBytes")).isEqualTo(1024L * 1024);
    assertThat(cap.getLong("usedBytes")).isGreaterThan(1024L * 1024);
    assertThat(cap.getJsonArray("kept")).containsExactly("clip.avi");
    assertThat(cap.getString("message")).contains("clip.avi");
    assertThat(media.resolve("clip.avi")).exists();
    assertThat(media.resolve("older.avi")).doesNotExist();
    assertThat(media.resolve("recent.avi")).doesNotExist();
    assertThat(media.resolve("barn.jpg")).as("pictures are never removed by the cap").exists();
    assertThat(items()).extracting(i -> i.getString("filename")).containsExactly("barn.jpg", "clip.avi");
  }

  /**
   * Two old recordings of 300 KB: recent.avi dated "11/29/2026", which is no date, whose file
   * is an hour old, and older.avi dated 2024-05-01; and a picture, barn.jpg, with no date.
   */
  static Path folderForTheCap(Path media) throws IOException {
    Files.createDirectories(media);
    OldServerLibrary.create(media.resolve("media.db"), OldServerLibrary.SCHEMA,
        List.of(new Row("11/29/2026", "recent.avi"), new Row("2024-05-01", "older.avi"), new Row("", "barn.jpg")));
    byte[] filler = new byte[300_000];
    new Random(19).nextBytes(filler);
    Files.write(media.resolve("recent.avi"), filler);
    Files.write(media.resolve("older.avi"), filler);
    Files.setLastModifiedTime(media.resolve("recent.avi"), FileTime.from(Instant.now().minusSeconds(3600)));
    OldServerLibrary.picture(media.resolve("barn.jpg"));
    return media;
  }

  /** Pictures of random noise, which JPEG cannot make small: a few hundred KB each at 640x480. */
  private static List<byte[]> noisyJpegs(int count) throws IOException {
    Random random = new Random(7);
    List<byte[]> jpegs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 480; y++) {
        for (int x = 0; x < 640; x++) {
          image.setRGB(x, y, random.nextInt(0x1000000));
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "jpg", out);
      jpegs.add(out.toByteArray());
    }
    return jpegs;
  }

  static List<Row> newestFirst() {
    List<Row> rows = new ArrayList<>(ROWS);
    Collections.reverse(rows);
    return rows;
  }

  static List<JsonObject> objects(JsonArray array) {
    List<JsonObject> list = new ArrayList<>();
    array.forEach(o -> list.add((JsonObject) o));
    return list;
  }
}
