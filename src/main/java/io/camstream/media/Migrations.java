package io.camstream.media;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema changes, recorded in SQLite's {@code user_version}. A database made by the
 * old server has version 0 and its table "entries" (id, date, fileName); each step upgrades
 * it in place, keeping every row. Steps are only ever appended.
 */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  public static final String TABLE = "entries";

  private static final List<Function<SqlConnection, Future<?>>> STEPS = List.of(
      Migrations::oldTable,
      Migrations::libraryColumns);

  private Migrations() {
  }

  public static int latest() {
    return STEPS.size();
  }

  public static Future<Integer> run(Pool pool) {
    return pool.withTransaction(conn -> conn.query("PRAGMA user_version").execute().compose(rows -> {
      int version = rows.iterator().next().getInteger(0);
      Future<?> chain = Future.succeededFuture();
      for (int i = version; i < STEPS.size(); i++) {
        int step = i;
        chain = chain.compose(v -> STEPS.get(step).apply(conn))
            .compose(v -> conn.query("PRAGMA user_version = " + (step + 1)).execute())
            .onSuccess(v -> LOG.info("media database upgraded to schema version {}", step + 1));
      }
      return chain.map(v -> Math.max(version, STEPS.size()));
    }));
  }

  /** Version 1: the old server's table, found under its name or any table with a fileName column. */
  private static Future<?> oldTable(SqlConnection conn) {
    return conn.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").execute()
        .compose(tables -> {
          List<String> names = new ArrayList<>();
          tables.forEach(row -> names.add(row.getString(0)));
          if (names.contains(TABLE)) {
            return Future.succeededFuture();
          }
          Future<String> found = Future.succeededFuture(null);
          for (String name : names) {
            found = found.compose(hit -> hit != null ? Future.succeededFuture(hit)
                : columns(conn, name).map(cols -> cols.contains("filename") ? name : null));
          }
          return found.compose(old -> old == null
              ? conn.query("CREATE TABLE " + TABLE + " (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                  + "date TEXT NOT NULL, fileName TEXT NOT NULL)").execute()
              : conn.query("ALTER TABLE \"" + old.replace("\"", "\"\"") + "\" RENAME TO " + TABLE).execute());
        });
  }

  /** Version 2: what a library needs beyond date and name. */
  private static Future<?> libraryColumns(SqlConnection conn) {
    return columns(conn, TABLE).compose(existing -> {
      Future<?> chain = Future.succeededFuture();
      String[][] added = {
          {"kind", "TEXT"}, {"bytes", "INTEGER"}, {"width", "INTEGER"}, {"height", "INTEGER"},
          {"durationMillis", "INTEGER"}, {"frames", "INTEGER"}, {"createdAt", "TEXT"}};
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
          .compose(v -> conn.query("CREATE INDEX IF NOT EXISTS entries_fileName ON " + TABLE + " (fileName)").execute());
    });
  }

  private static Future<List<String>> columns(SqlConnection conn, String table) {
    return conn.query("PRAGMA table_info(\"" + table.replace("\"", "\"\"") + "\")").execute().map(rows -> {
      List<String> names = new ArrayList<>();
      for (Row row : rows) {
        names.add(row.getString("name").toLowerCase());
      }
      return names;
    });
  }
}
