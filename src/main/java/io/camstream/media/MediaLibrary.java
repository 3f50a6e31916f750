package io.camstream.media;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The media rows in SQLite (media.db), through the Vert.x JDBC pool, which runs every
 * statement on a worker thread. WAL lets the db command and readers work while the server
 * writes; the busy timeout makes a second writer wait instead of failing.
 */
public final class MediaLibrary {
  /**
   * Read by position, with the date as text: the old server declares it "timestamp" and stores
   * whatever its clients sent, which no date type can read.
   */
  private static final String COLUMNS = "id, CAST(date AS TEXT), fileName, kind, bytes, width, height, durationMillis, "
      + "frames, createdAt";
  private final Pool pool;

  private MediaLibrary(Pool pool) {
    this.pool = pool;
  }

  /** Opens (creating if needed) and upgrades the database. */
  public static Future<MediaLibrary> open(Vertx vertx, Path database) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(15_000);
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl("jdbc:sqlite:" + database);
    // one connection: SQLite has one writer anyway, and the order of changes stays the order of requests
    Pool pool = JDBCPool.pool(vertx, source, new PoolOptions().setMaxSize(1).setName("media-" + database));
    MediaLibrary library = new MediaLibrary(pool);
    return Migrations.run(pool).map(v -> library).recover(e -> pool.close().transform(x -> Future.failedFuture(e)));
  }

  public Future<Void> close() {
    return pool.close();
  }

  /** Every row in id order (the old /get_database order). */
  public Future<List<MediaItem>> all() {
    return pool.query("SELECT " + COLUMNS + " FROM " + Migrations.TABLE + " ORDER BY id").execute().map(MediaLibrary::items);
  }

  /** Newest first. */
  public Future<List<MediaItem>> page(int offset, int limit) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM " + Migrations.TABLE + " ORDER BY id DESC LIMIT ? OFFSET ?")
        .execute(Tuple.of(limit, offset)).map(MediaLibrary::items);
  }

  public Future<Long> count() {
    return pool.query("SELECT count(*) FROM " + Migrations.TABLE).execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<MediaItem> find(String fileName) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM " + Migrations.TABLE + " WHERE fileName = ? ORDER BY id LIMIT 1")
        .execute(Tuple.of(fileName)).map(rows -> {
          List<MediaItem> items = items(rows);
          return items.isEmpty() ? null : items.get(0);
        });
  }

  /** Oldest first, videos only: what retention deletes first. */
  public Future<List<MediaItem>> videosOldestFirst() {
    return pool.query("SELECT " + COLUMNS + " FROM " + Migrations.TABLE + " WHERE kind = 'video' ORDER BY id").execute()
        .map(MediaLibrary::items);
  }

  public Future<MediaItem> add(MediaItem item) {
    Tuple values = Tuple.tuple()
        .addString(item.date()).addString(item.fileName()).addString(item.kind() == null ? FileNames.kind(item.fileName()) : item.kind())
        .addValue(item.bytes()).addValue(item.width()).addValue(item.height()).addValue(item.durationMillis())
        .addValue(item.frames()).addString(item.createdAt());
    return pool.withTransaction(conn -> conn.preparedQuery("INSERT INTO " + Migrations.TABLE
            + " (date, fileName, kind, bytes, width, height, durationMillis, frames, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .execute(values)
        .compose(v -> conn.query("SELECT " + COLUMNS + " FROM " + Migrations.TABLE + " WHERE rowid = last_insert_rowid()").execute())
        .map(rows -> items(rows).get(0)));
  }

  /** Removes every row of that file; answers how many there were. */
  public Future<Integer> remove(String fileName) {
    // counted before deleting: sqlite-jdbc reports a stale update count for a DELETE that matches nothing
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT count(*) FROM " + Migrations.TABLE + " WHERE fileName = ?")
        .execute(Tuple.of(fileName))
        .compose(rows -> {
          int count = rows.iterator().next().getInteger(0);
          return count == 0 ? Future.succeededFuture(0)
              : conn.preparedQuery("DELETE FROM " + Migrations.TABLE + " WHERE fileName = ?").execute(Tuple.of(fileName))
                  .map(v -> count);
        }));
  }

  /** The old "new database": all rows go, the files stay. */
  public Future<Integer> clear() {
    return pool.withTransaction(conn -> conn.query("SELECT count(*) FROM " + Migrations.TABLE).execute()
        .compose(rows -> {
          int count = rows.iterator().next().getInteger(0);
          return conn.query("DELETE FROM " + Migrations.TABLE).execute().map(v -> count);
        }));
  }

  private static List<MediaItem> items(RowSet<Row> rows) {
    List<MediaItem> items = new ArrayList<>();
    for (Row row : rows) {
      items.add(new MediaItem(row.getLong(0), text(row, 1), text(row, 2), text(row, 3), row.getLong(4), row.getInteger(5),
          row.getInteger(6), row.getLong(7), row.getLong(8), text(row, 9)));
    }
    return items;
  }

  private static String text(Row row, int column) {
    Object value = row.getValue(column);
    return value == null ? null : value.toString();
  }
}
