package io.camstream.testing;

import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A media folder as the old Flask server leaves it, made without camstream's code: media.db
 * by its schema file run as is and its own INSERT per row (through the sqlite3 program), and
 * real pictures and MJPEG recordings made by ffmpeg.
 */
public final class OldServerLibrary {
  /** The old server's media_schema.sql, verbatim. */
  public static final String SCHEMA = "drop table if exists media;\n"
      + "create table media (id INTEGER primary key autoincrement, date timestamp, fileName TEXT);\n";

  private OldServerLibrary() {
  }

  /** One row as the old server inserts it; a null date is stored as NULL. */
  public record Row(String date, String fileName) {
  }

  /** Runs the schema, then the old server's INSERT for each row, in order. */
  public static void create(Path db, String schema, List<Row> rows) {
    StringBuilder sql = new StringBuilder(schema);
    for (Row row : rows) {
      sql.append("INSERT INTO media (date, fileName) VALUES (").append(literal(row.date())).append(", ")
          .append(literal(row.fileName())).append(");\n");
    }
    sqlite(db, sql.toString());
  }

  /** Runs SQL through the sqlite3 program; answers its output (JSON rows for a query, "" for none). */
  public static String sqlite(Path db, String sql) {
    return run(List.of("sqlite3", "-bail", "-json", db.toString()), sql);
  }

  /** What the old server's {@code select date, fileName from media order by id} gives, as sqlite3 reads it. */
  public static JsonArray oldQuery(Path db) {
    String out = sqlite(db, "select date, fileName from media order by id;").strip();
    return out.isEmpty() ? new JsonArray() : new JsonArray(out);
  }

  /** A 320x240 JPEG picture. */
  public static void picture(Path file) {
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=320x240:rate=5", "-frames:v", "1", file.toString());
  }

  /** A one-second 320x240 MJPEG AVI. */
  public static void recording(Path file) {
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=320x240:rate=5", "-t", "1", "-c:v", "mjpeg", file.toString());
  }

  private static void ffmpeg(String... args) {
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
    command.addAll(List.of(args));
    run(command, "");
  }

  private static String literal(String value) {
    return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
  }

  private static String run(List<String> command, String input) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      try (var stdin = process.getOutputStream()) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(command + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException(command.get(0) + " cannot run (install it: apt-get install sqlite3 ffmpeg): " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
