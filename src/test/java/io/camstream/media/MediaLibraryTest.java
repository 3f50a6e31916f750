package io.camstream.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
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
    Path db = dir.resolve("media.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      // the old server's schema and rows as it wrote them
      s.executeUpdate("create table entries (id integer primary key autoincrement, date text not null, fileName text not null)");
      s.executeUpdate("insert into entries (date, fileName) values ('2024-05-01', 'garden.jpg')");
      s.executeUpdate("insert into entries (date, fileName) values ('2024-05-02', 'clip.avi')");
      s.executeUpdate("insert into entries (date, fileName) values ('2024-05-03', 'notes.txt')");
    }

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
    Path db = dir.resolve("media.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      s.executeUpdate("create table pictures (id integer primary key autoincrement, date text, fileName text)");
      s.executeUpdate("insert into pictures (date, fileName) values ('2023-01-01', 'a.jpg')");
    }
    MediaLibrary library = await(MediaLibrary.open(vertx, db));
    assertThat(await(library.all())).extracting(MediaItem::fileName).containsExactly("a.jpg");
    await(library.close());
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

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
