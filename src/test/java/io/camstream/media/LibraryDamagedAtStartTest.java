package io.camstream.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Http;
import io.camstream.testing.Poll;
import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A media.db damaged before the server starts: the whole server on loopback keeps live view
 * and recording, says why the library is unavailable, keeps the damaged file, and the db
 * command's --rebuild lists the files again.
 */
class LibraryDamagedAtStartTest {
  @TempDir
  Path media;

  @Test
  void randomBytesLeaveTheServerRunningWithTheLibraryUnavailableUntilRebuilt() throws Exception {
    byte[] damaged = new byte[16384];
    new Random(13).nextBytes(damaged);
    runWithDamagedDatabase(damaged);
  }

  @Test
  void aTruncatedDatabaseIsDamagedToo() throws Exception {
    Path made = media.resolve("media.db");
    StringBuilder rows = new StringBuilder("CREATE TABLE media (id INTEGER PRIMARY KEY AUTOINCREMENT, date timestamp, "
        + "fileName TEXT);\nBEGIN;\n");
    for (int i = 0; i < 3000; i++) {
      rows.append("INSERT INTO media (date, fileName) VALUES ('2024-05-01', 'picture_").append(i).append(".jpg');\n");
    }
    rows.append("COMMIT;\n");
    Process sqlite = new ProcessBuilder("sqlite3", made.toString()).redirectErrorStream(true).start();
    sqlite.getOutputStream().write(rows.toString().getBytes(StandardCharsets.UTF_8));
    sqlite.getOutputStream().close();
    assertThat(sqlite.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(sqlite.exitValue()).as(new String(sqlite.getInputStream().readAllBytes())).isZero();
    byte[] whole = Files.readAllBytes(made);
    runWithDamagedDatabase(java.util.Arrays.copyOf(whole, whole.length / 2));
  }

  private void runWithDamagedDatabase(byte[] damaged) throws Exception {
    Path database = media.resolve("media.db");
    Files.write(database, damaged);
    Files.write(media.resolve("old.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9});

    try (TestServer server = TestServer.start(Map.of("media.dir", media.toString()))) {
      JsonObject health = new JsonObject(Http.get(server.url("/health")).body());
      assertThat(health.getString("status")).isEqualTo("ok");
      assertThat(health.getJsonObject("media").getBoolean("available")).as(health.encode()).isFalse();
      assertThat(health.getJsonObject("media").getString("reason")).contains("damaged").contains("--rebuild");

      HttpResponse<byte[]> frame = Http.getBytes(server.url("/frame.jpg"));
      assertThat(frame.statusCode()).isEqualTo(200);
      assertThat(frame.body()).startsWith((byte) 0xFF, (byte) 0xD8);

      HttpResponse<String> list = Http.get(server.url("/get_database"));
      assertThat(list.statusCode()).isEqualTo(503);
      assertThat(list.body()).contains("damaged");
      HttpResponse<String> snapshot = Http.get(server.url("/snapshot?filename=lost"));
      assertThat(snapshot.statusCode()).isEqualTo(503);
      assertThat(media.resolve("lost.jpg")).doesNotExist();

      assertThat(Http.get(server.url("/video_capture?status=false&filename=clip")).statusCode()).isEqualTo(200);
      Poll.until(Duration.ofSeconds(20), "frames recorded into clip.avi",
          () -> Files.isRegularFile(media.resolve("clip.avi")) && size(media.resolve("clip.avi")) > 20_000);
      assertThat(Http.get(server.url("/video_capture?status=true&filename=clip")).statusCode()).isEqualTo(200);
    }
    assertThat(Files.readAllBytes(database)).as("the damaged media.db is left as it was").isEqualTo(damaged);
    assertThat(keptAside()).hasSize(1);
    assertThat(Files.readAllBytes(keptAside().get(0))).isEqualTo(damaged);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = DatabaseCommand.run(new String[] {"--rebuild", "--media", media.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("2 files");
    assertThat(keptAside()).as("the damaged file is never deleted").isNotEmpty()
        .allSatisfy(kept -> assertThat(Files.readAllBytes(kept)).isEqualTo(damaged));

    try (TestServer server = TestServer.start(Map.of("media.dir", media.toString()))) {
      JsonObject health = new JsonObject(Http.get(server.url("/health")).body());
      assertThat(health.getJsonObject("media").getBoolean("available")).as(health.encode()).isTrue();
      TreeSet<String> listed = new TreeSet<>();
      new JsonArray(Http.get(server.url("/get_database")).body())
          .forEach(item -> listed.add(((JsonObject) item).getString("filename")));
      assertThat(listed).containsExactly("clip.avi", "old.jpg");
    }
  }

  private List<Path> keptAside() throws IOException {
    try (Stream<Path> files = Files.list(media)) {
      return files.filter(f -> f.getFileName().toString().startsWith("media.db.damaged-")).sorted().toList();
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException gone) {
      return 0;
    }
  }
}
