package io.camstream.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaLibraryTest {
  @TempDir
  Path dir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void anOldServerDatabaseOpensAndKeepsItsRows() throws Exception {
    Path db = database(
        // the old server's schema file and rows as it writes them
        "drop table if exists media",
        "create table media (id INTEGER primary key autoincrement, date timestamp, fileName TEXT)",
        "INSERT INTO media (date, fileName) VALUES ('2024-05-01', 'garden.jpg')",
        "INSERT INTO media (date, fileName) VALUES ('2024-05-02', 'clip.avi')",
        "INSERT INTO media (date, fileName) VALUES ('2024-05-03', 'notes.txt')");

    MediaLibrary library = await(MediaLibrary.open(vertx, db));
    List<MediaItem> items = await(library.all());
    assertThat(items).extracting(MediaItem::id).containsExactly(1L, 2L, 3L);
    assertThat(items).extracting(MediaItem::fileName).containsExactly("garden.jpg", "clip.avi", "notes.txt");
    assertThat(items).extracting(MediaItem::date).containsExactly("2024-05-01", "2024-05-02", "2024-05-03");
    assertThat(items).extracting(MediaItem::kind).containsExactly("picture", "video", "other");

    MediaItem added = await(library.add(new MediaItem(0, "2024-06-01", "new.jpg", null, 1234L, 320, 240, null, null, "now")));
    assertThat(added.id()).isEqualTo(4);
    assertThat(added.bytes()).isEqualTo(1234L);
    assertThat(await(library.page(0, 2))).extracting(MediaItem::fileName).containsExactly("new.jpg", "notes.txt");
    await(library.close());

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      ResultSet version = s.executeQuery("pragma user_version");
      assertThat(version.getInt(1)).isEqualTo(Migrations.latest());
      ResultSet journal = s.executeQuery("pragma journal_mode");
      assertThat(journal.getString(1)).isEqualToIgnoringCase("wal");
    }
    // opening again changes nothing
    MediaLibrary again = await(MediaLibrary.open(vertx, db));
    assertThat(await(again.all())).hasSize(4);
    await(again.close());
  }

  @Test
  void anOldTableUnderAnotherNameIsAdopted() throws Exception {
    Path db = database(
        "create table pictures (id integer primary key autoincrement, date text, fileName text)",
        "insert into pictures (date, fileName) values ('2023-01-01', 'a.jpg')");
    MediaLibrary library = await(MediaLibrary.open(vertx, db));
    assertThat(await(library.all())).extracting(MediaItem::fileName).containsExactly("a.jpg");
    await(library.close());
  }

  @Test
  void aLibraryCamstreamKeptAsEntriesGoesBackToTheOldServersTableName() throws Exception {
    Path db = database(
        // what camstream at schema version 2 left: the old table renamed, its own columns added
        "create table entries (id integer primary key autoincrement, date text not null, "
            + "fileName text not null, kind TEXT, bytes INTEGER, width INTEGER, height INTEGER, durationMillis INTEGER, "
            + "frames INTEGER, createdAt TEXT)",
        "create index entries_fileName on entries (fileName)",
        "insert into entries (date, fileName, kind, bytes, createdAt) "
            + "values ('2026-11-01', 'clip.avi', 'video', 4000, '2026-11-01T10:00:00Z')",
        "pragma user_version = 2");
    MediaLibrary library = await(MediaLibrary.open(vertx, db));
    MediaItem clip = await(library.find("clip.avi"));
    assertThat(clip.bytes()).isEqualTo(4000L);
    assertThat(clip.createdAt()).isEqualTo("2026-11-01T10:00:00Z");
    await(library.close());
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      ResultSet tables = s.executeQuery("select group_concat(name) from sqlite_master where type = 'table' "
          + "and name not like 'sqlite_%'");
      assertThat(tables.getString(1)).isEqualTo("media");
      ResultSet old = s.executeQuery("select date, fileName from media order by id");
      assertThat(old.getString(1)).isEqualTo("2026-11-01");
      assertThat(old.getString(2)).isEqualTo("clip.avi");
    }
  }

  @Test
  void bothTheOldAndTheRenamedTableAreRefusedNamingThem() throws Exception {
    Path db = database(
        "create table entries (id integer primary key autoincrement, date text, fileName text)",
        "pragma user_version = 2",
        "create table media (id INTEGER primary key autoincrement, date timestamp, fileName TEXT)");
    assertThatThrownBy(() -> await(MediaLibrary.open(vertx, db)))
        .hasMessageContaining("table entries").hasMessageContaining("table media");
  }

  @Test
  void aRowTheOldServerListedWithoutANameIsListedWithoutLinks() throws Exception {
    Path db = database(
        "create table media (id INTEGER primary key autoincrement, date timestamp, fileName TEXT)",
        // the old /database/add called without a filename
        "INSERT INTO media (date, fileName) VALUES ('2024-05-01', NULL)");
    MediaLibrary library = await(MediaLibrary.open(vertx, db));
    MediaItem item = await(library.all()).get(0);
    assertThat(item.toOldJson().encode()).isEqualTo("{\"date\":\"2024-05-01\",\"filename\":null}");
    assertThat(item.toJson().getString("kind")).isEqualTo("other");
    assertThat(item.toJson().containsKey("url")).isFalse();
    await(library.close());
  }

  @Test
  void onlyYearFirstDatesAreReadAsMoments() {
    assertThat(MediaDates.parse("2024-05-01")).contains(LocalDateTime.of(2024, 5, 1, 0, 0));
    assertThat(MediaDates.parse("2026-1-5")).contains(LocalDateTime.of(2026, 1, 5, 0, 0));
    assertThat(MediaDates.parse("2024-05-01 13:45:10.123456")).contains(LocalDateTime.of(2024, 5, 1, 13, 45, 10, 123_456_000));
    assertThat(MediaDates.parse("2024-05-01T13:45")).contains(LocalDateTime.of(2024, 5, 1, 13, 45));
    for (String notADate : new String[] {"11/29/2026", "", "2024-13-01", "2024-02-30", "yesterday", "2024-05-01 25:00"}) {
      assertThat(MediaDates.parse(notADate)).as(notADate).isEmpty();
    }
    assertThat(MediaDates.parse(null)).isEmpty();
  }

  @Test
  void aNewDatabaseStartsEmptyAndRemovesAndClears() throws Exception {
    MediaLibrary library = await(MediaLibrary.open(vertx, dir.resolve("media.db")));
    assertThat(await(library.all())).isEmpty();
    await(library.add(new MediaItem(0, "d", "a.jpg", null, null, null, null, null, null, null)));
    await(library.add(new MediaItem(0, "d", "b.avi", "video", 10L, 1, 1, 1000L, 30L, null)));
    assertThat(await(library.remove("a.jpg"))).isEqualTo(1);
    assertThat(await(library.remove("a.jpg"))).isZero();
    assertThat(await(library.find("b.avi")).durationMillis()).isEqualTo(1000L);
    assertThat(await(library.clear())).isEqualTo(1);
    assertThat(await(library.count())).isZero();
    await(library.close());
  }

  /** media.db made with plain JDBC, statement by statement. */
  private Path database(String... statements) throws Exception {
    Path db = dir.resolve("media.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.executeUpdate(statement);
      }
    }
    return db;
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
