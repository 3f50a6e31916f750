package io.camstream.media;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.SqlConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The media rows in SQLite (media.db), through the Vert.x JDBC pool, which runs every
 * statement on a worker thread. WAL lets the db command and readers work while the server
 * writes. Every change runs in a transaction that takes the write lock at its start (BEGIN
 * IMMEDIATE), so another program's lock is waited for up to the busy timeout, and that ends
 * with COMMIT or ROLLBACK whatever SQLite did meanwhile: a failure leaves the connection clean.
 */
public final class MediaLibrary {
  /**
   * Read by position, with the date as text: the old server declares it "timestamp" and stores
   * whatever its clients sent, which no date type can read.
   */
  private static final String COLUMNS = "id, CAST(date AS TEXT), fileName, kind, bytes, width, height, durationMillis, "
      + "frames, createdAt, camera";
  /** One camera's rows, or every row when the camera (given twice) is null. */
  private static final String OF_CAMERA = " WHERE (? IS NULL OR camera = ?)";
  private final Pool pool;
  private final Path database;
  private final long busyTimeoutMillis;

  private MediaLibrary(Pool pool, Path database, long busyTimeoutMillis) {
    this.pool = pool;
    this.database = database;
    this.busyTimeoutMillis = busyTimeoutMillis;
  }

  /** A media.db SQLite cannot read (not a database, or pages missing or broken). */
  public static final class DamagedException extends RuntimeException {
    DamagedException(Path database, String what) {
      super(database + " is damaged (" + what + ")");
    }
  }

  /** A file change made with a row change: inside the transaction, undone if the transaction does not commit. */
  public record FileChange(Runnable make, Runnable undo) {
    static final FileChange NONE = new FileChange(() -> { }, () -> { });
  }

  /** With the default busy timeout. */
  public static Future<MediaLibrary> open(Vertx vertx, Path database) {
    return open(vertx, database, MediaConfig.DEFAULT_BUSY_TIMEOUT_MILLIS);
  }

  /** Opens (creating if needed) and upgrades the database; a damaged one fails with {@link DamagedException}. */
  public static Future<MediaLibrary> open(Vertx vertx, Path database, long busyTimeoutMillis) {
    return open(vertx, database, busyTimeoutMillis, config -> { });
  }

  /** @param tuning changes to the connection's settings; tests cap the size (max_page_count) for a real SQLITE_FULL */
  static Future<MediaLibrary> open(Vertx vertx, Path database, long busyTimeoutMillis, Consumer<SQLiteConfig> tuning) {
    return vertx.executeBlocking(() -> {
      requireReadable(database);
      return null;
    }, false).compose(checked -> {
      SQLiteConfig config = new SQLiteConfig();
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
      config.setBusyTimeout((int) busyTimeoutMillis);
      tuning.accept(config);
      SQLiteDataSource source = new SQLiteDataSource(config);
      source.setUrl("jdbc:sqlite:" + database);
      // one connection: SQLite has one writer anyway, and the order of changes stays the order of requests
      Pool pool = JDBCPool.pool(vertx, source, new PoolOptions().setMaxSize(1).setName("media-" + database));
      MediaLibrary library = new MediaLibrary(pool, database, busyTimeoutMillis);
      return Migrations.run(library).map(v -> library)
          .recover(e -> pool.close().transform(x -> Future.failedFuture(library.explained(e))));
    });
  }

  /**
   * Reads the whole file once, read-only, before anything may write to it (setting WAL would
   * change its header): a damaged file is found at start, not by the first request that
   * happens to reach its broken page.
   */
  static void requireReadable(Path database) {
    if (!Files.exists(database)) {
      return;
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    try (Connection conn = config.createConnection("jdbc:sqlite:" + database);
        Statement statement = conn.createStatement();
        ResultSet result = statement.executeQuery("PRAGMA quick_check")) {
      String first = result.next() ? result.getString(1) : "no answer";
      if (!"ok".equals(first)) {
        throw new DamagedException(database, first);
      }
    } catch (SQLException e) {
      if (isDamage(e)) {
        throw new DamagedException(database, e.getMessage());
      }
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** SQLITE_CORRUPT or SQLITE_NOTADB anywhere in the causes. */
  static boolean isDamage(Throwable e) {
    int code = sqliteCode(e);
    return code == SQLiteErrorCode.SQLITE_CORRUPT.code || code == SQLiteErrorCode.SQLITE_NOTADB.code;
  }

  /** The primary SQLite result code of the first SQLite error among the causes, else -1. */
  private static int sqliteCode(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException se) {
        return se.getResultCode().code & 0xFF;
      }
    }
    return -1;
  }

  /** SQLite's busy and full moments as what they mean to a user; anything else as it is. */
  Throwable explained(Throwable e) {
    int code = sqliteCode(e);
    if (code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code) {
      return new MediaException(503, "the media library is busy: another program (the db command, sqlite3?) has held "
          + database.getFileName() + "'s write lock for over " + busyTimeoutMillis / 1000.0 + " s (media.busyTimeoutSeconds);"
          + " nothing was changed. Try again, or close that program");
    }
    if (code == SQLiteErrorCode.SQLITE_FULL.code) {
      return new MediaException(507, database + " could not grow (database or disk full); nothing was changed. "
          + "Free space on that disk: remove old recordings or pictures, or set recording.storageCapMegabytes");
    }
    if (isDamage(e) && !(e instanceof DamagedException)) {
      return new DamagedException(database, e.getMessage());
    }
    return e;
  }

  /**
   * Runs {@code work} in one write transaction. ROLLBACK after a failure may itself fail when
   * SQLite already rolled back (SQLITE_FULL does): either way no transaction is left open.
   */
  <T> Future<T> writing(Function<SqlConnection, Future<T>> work) {
    return pool.withConnection(conn -> conn.query("BEGIN IMMEDIATE").execute()
        .compose(begun -> work.apply(conn).compose(result -> conn.query("COMMIT").execute().map(result))
            .recover(failure -> conn.query("ROLLBACK").execute()
                .transform(rolledBack -> Future.<T>failedFuture(failure)))))
        .recover(e -> Future.failedFuture(explained(e)));
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
    return page(offset, limit, null);
  }

  /** Newest first, of one camera's items (null: every camera's). */
  public Future<List<MediaItem>> page(int offset, int limit, String camera) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM " + Migrations.TABLE + OF_CAMERA + " ORDER BY id DESC LIMIT ? OFFSET ?")
        .execute(Tuple.of(camera, camera, limit, offset)).map(MediaLibrary::items);
  }

  public Future<Long> count() {
    return count(null);
  }

  /** How many items one camera made (null: every camera). */
  public Future<Long> count(String camera) {
    return pool.preparedQuery("SELECT count(*) FROM " + Migrations.TABLE + OF_CAMERA).execute(Tuple.of(camera, camera))
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
    return add(item, FileChange.NONE);
  }

  /** Adds the row; {@code file} is made after the row is written and taken back if it does not commit. */
  public Future<MediaItem> add(MediaItem item, FileChange file) {
    Tuple values = Tuple.tuple()
        .addString(item.date()).addString(item.fileName()).addString(item.kind() == null ? FileNames.kind(item.fileName()) : item.kind())
        .addValue(item.bytes()).addValue(item.width()).addValue(item.height()).addValue(item.durationMillis())
        .addValue(item.frames()).addString(item.createdAt())
        .addString(item.camera() == null ? MediaItem.DEFAULT_CAMERA : item.camera());
    return withFile(file, conn -> conn.preparedQuery("INSERT INTO " + Migrations.TABLE
            + " (date, fileName, kind, bytes, width, height, durationMillis, frames, createdAt, camera)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .execute(values)
        .compose(v -> conn.query("SELECT " + COLUMNS + " FROM " + Migrations.TABLE + " WHERE rowid = last_insert_rowid()").execute())
        .map(rows -> items(rows).get(0)));
  }

  /** {@code rows}, then {@code file} in the same transaction; the file is taken back if the rows do not commit. */
  private <T> Future<T> withFile(FileChange file, Function<SqlConnection, Future<T>> rows) {
    boolean[] made = {false};
    return writing(conn -> rows.apply(conn).map(result -> {
      file.make().run();
      made[0] = true;
      return result;
    })).onFailure(e -> {
      if (made[0]) {
        file.undo().run();
      }
    });
  }

  /** Removes every row of that file; answers how many there were. */
  public Future<Integer> remove(String fileName) {
    return remove(fileName, FileChange.NONE);
  }

  /** Removes every row of that file, with {@code file} (the file's removal); answers how many rows there were. */
  public Future<Integer> remove(String fileName, FileChange file) {
    // counted before deleting: sqlite-jdbc reports a stale update count for a DELETE that matches nothing
    return withFile(file, conn -> conn.preparedQuery("SELECT count(*) FROM " + Migrations.TABLE + " WHERE fileName = ?")
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
    return writing(conn -> conn.query("SELECT count(*) FROM " + Migrations.TABLE).execute()
        .compose(rows -> {
          int count = rows.iterator().next().getInteger(0);
          return conn.query("DELETE FROM " + Migrations.TABLE).execute().map(v -> count);
        }));
  }

  private static List<MediaItem> items(RowSet<Row> rows) {
    List<MediaItem> items = new ArrayList<>();
    for (Row row : rows) {
      items.add(new MediaItem(row.getLong(0), text(row, 1), text(row, 2), text(row, 3), row.getLong(4), row.getInteger(5),
          row.getInteger(6), row.getLong(7), row.getLong(8), text(row, 9),
          row.getValue(10) == null ? MediaItem.DEFAULT_CAMERA : text(row, 10)));
    }
    return items;
  }

  private static String text(Row row, int column) {
    Object value = row.getValue(column);
    return value == null ? null : value.toString();
  }
}
