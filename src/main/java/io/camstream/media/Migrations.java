package io.camstream.media;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema changes, recorded in SQLite's {@code user_version}. A database made by the
 * old server has version 0 and its table "media" (id, date timestamp, fileName); the steps
 * keep that table, its name and its columns, so the old server can still read and write the
 * file, and add camstream's columns beside them. Steps are only ever appended.
 */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  /** The old server's table name. */
  public static final String TABLE = "media";
  /** Where camstream before schema version 3 kept the rows. */
  private static final String RENAMED_TABLE = "entries";
  /** The old server's columns, which every read needs. */
  private static final List<String> OLD_COLUMNS = List.of("id", "date", "fileName");

  private static final List<Function<SqlConnection, Future<?>>> STEPS = List.of(
      Migrations::oldTable,
      Migrations::libraryColumns,
      Migrations::oldTableName,
      // version 4: the camera column, every row before it the camera "default"; libraryColumns does it
      Migrations::libraryColumns);

  private Migrations() {
  }

  public static int latest() {
    return STEPS.size();
  }

  /**
   * Upgrades, then checks the old columns and restores camstream's on every open: the old
   * server's "new database" re-creates its table without them. All in one transaction, so a
   * refused file is left as it was.
   */
  static Future<Integer> run(MediaLibrary library) {
    return library.writing(conn -> conn.query("PRAGMA user_version").execute().compose(rows -> {
      int version = rows.iterator().next().getInteger(0);
      Future<?> chain = Future.succeededFuture();
      for (int i = version; i < STEPS.size(); i++) {
        int step = i;
        chain = chain.compose(v -> STEPS.get(step).apply(conn))
            .compose(v -> conn.query("PRAGMA user_version = " + (step + 1)).execute())
            .onSuccess(v -> LOG.info("media database upgraded to schema version {}", step + 1));
      }
      return chain.compose(v -> requireOldColumns(conn)).compose(v -> libraryColumns(conn))
          .map(v -> Math.max(version, STEPS.size()));
    }));
  }

  /** Version 1: the old server's table under its name, or any table with a fileName column, as "media". */
  private static Future<?> oldTable(SqlConnection conn) {
    return tables(conn).compose(names -> {
      if (contains(names, TABLE)) {
        return Future.succeededFuture();
      }
      Future<String> found = Future.succeededFuture(null);
      for (String name : names) {
        found = found.compose(hit -> hit != null ? Future.succeededFuture(hit)
            : columns(conn, name).map(cols -> cols.contains("filename") ? name : null));
      }
      // the old server's own schema, so the old server can use a library camstream started
      return found.compose(old -> old == null
          ? conn.query("CREATE TABLE " + TABLE + " (id INTEGER PRIMARY KEY AUTOINCREMENT, date TEXT, fileName TEXT)").execute()
          : conn.query("ALTER TABLE " + quote(old) + " RENAME TO " + TABLE).execute());
    });
  }

  /** Version 2 (and every open): what a library needs beyond date and name, in new columns; the camera since 4. */
  private static Future<?> libraryColumns(SqlConnection conn) {
    return columns(conn, TABLE).compose(existing -> {
      Future<?> chain = Future.succeededFuture();
      String[][] added = {
          {"kind", "TEXT"}, {"bytes", "INTEGER"}, {"width", "INTEGER"}, {"height", "INTEGER"},
          {"durationMillis", "INTEGER"}, {"frames", "INTEGER"}, {"createdAt", "TEXT"}, {"camera", "TEXT"}};
      for (String[] column : added) {
        if (!existing.contains(column[0].toLowerCase())) {
          chain = chain.compose(v -> conn.query("ALTER TABLE " + TABLE + " ADD COLUMN " + column[0] + " " + column[1]).execute());
        }
      }
      return chain
          .compose(v -> conn.query("UPDATE " + TABLE + " SET kind = CASE "
              + "WHEN lower(fileName) LIKE '%.jpg' OR lower(fileName) LIKE '%.jpeg' OR lower(fileName) LIKE '%.png' THEN 'picture' "
              + "WHEN lower(fileName) LIKE '%.avi' OR lower(fileName) LIKE '%.mp4' THEN 'video' ELSE 'other' END "
              + "WHERE kind IS NULL").execute())
          // rows from before several cameras, and those the old server adds, are the camera "default"
          .compose(v -> conn.query("UPDATE " + TABLE + " SET camera = '" + MediaItem.DEFAULT_CAMERA
              + "' WHERE camera IS NULL").execute())
          .compose(v -> conn.query("CREATE INDEX IF NOT EXISTS media_fileName ON " + TABLE + " (fileName)").execute())
          .compose(v -> conn.query("CREATE INDEX IF NOT EXISTS media_camera ON " + TABLE + " (camera)").execute());
    });
  }

  /** Version 3: camstream's earlier "entries" goes back to the old server's name. */
  private static Future<?> oldTableName(SqlConnection conn) {
    return tables(conn).compose(names -> {
      if (!contains(names, RENAMED_TABLE)) {
        return Future.succeededFuture();
      }
      if (contains(names, TABLE)) {
        return Future.failedFuture(new IllegalStateException("media.db holds both camstream's list (table "
            + RENAMED_TABLE + ") and the old server's (table " + TABLE + "); keep one: copy the rows you want into "
            + RENAMED_TABLE + " and drop table " + TABLE + " with the sqlite3 program, then start again"));
      }
      return conn.query("ALTER TABLE " + RENAMED_TABLE + " RENAME TO " + TABLE).execute()
          .compose(v -> conn.query("DROP INDEX IF EXISTS entries_fileName").execute());
    });
  }

  /** Column names are matched as SQLite matches them: in any case. */
  private static Future<?> requireOldColumns(SqlConnection conn) {
    return columns(conn, TABLE).compose(existing -> {
      for (String column : OLD_COLUMNS) {
        if (!existing.contains(column.toLowerCase())) {
          return Future.failedFuture(new IllegalStateException("table " + TABLE + " in media.db has no column \""
              + column + "\" (the old server's table has id, date and fileName); add it with the sqlite3 program, "
              + "for example ALTER TABLE " + TABLE + " ADD COLUMN " + column + " TEXT, or move media.db away to "
              + "start a new list"));
        }
      }
      return Future.succeededFuture();
    });
  }

  private static Future<List<String>> tables(SqlConnection conn) {
    return conn.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").execute()
        .map(rows -> {
          List<String> names = new ArrayList<>();
          rows.forEach(row -> names.add(row.getString(0)));
          return names;
        });
  }

  private static boolean contains(List<String> tables, String name) {
    return tables.stream().anyMatch(name::equalsIgnoreCase);
  }

  /** Lower-case column names of a table. */
  private static Future<List<String>> columns(SqlConnection conn, String table) {
    return conn.query("PRAGMA table_info(" + quote(table) + ")").execute().map(rows -> {
      List<String> names = new ArrayList<>();
      for (Row row : rows) {
        names.add(row.getString("name").toLowerCase());
      }
      return names;
    });
  }

  private static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
