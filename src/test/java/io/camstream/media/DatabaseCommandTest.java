package io.camstream.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Http;
import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonArray;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The db command on the database of a running server. */
class DatabaseCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int db(String... args) {
    out.reset();
    err.reset();
    return DatabaseCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void listAddRemoveAndNewWorkWhileTheServerRuns() throws Exception {
    try (TestServer server = TestServer.start()) {
      String media = server.mediaDir().toString();
      assertThat(Http.get(server.url("/snapshot?filename=snap&date=2024-05-01")).statusCode()).isEqualTo(200);
      assertThat(db("--list", "--media", media)).isZero();
      assertThat(out.toString()).isEqualTo("1\t2024-05-01\tsnap.jpg\n");

      Files.write(server.mediaDir().resolve("copied.jpg"), new byte[] {1, 2});
      assertThat(db("--add", "copied.jpg", "--media", media)).isZero();
      assertThat(db("--add", "absent.jpg", "--media", media)).isEqualTo(1);
      assertThat(err.toString()).contains("does not exist");
      assertThat(new JsonArray(Http.get(server.url("/get_database")).body())).hasSize(2);
      assertThat(Http.get(server.url("/snapshot?filename=after")).statusCode()).isEqualTo(200);

      assertThat(db("--remove", "snap.jpg", "--media", media)).isZero();
      assertThat(server.mediaDir().resolve("snap.jpg")).doesNotExist();
      assertThat(db("--remove", "snap.jpg", "--media", media)).isEqualTo(1);
      assertThat(db("--remove", "../x", "--media", media)).isEqualTo(1);
      assertThat(err.toString()).contains("must not contain /");

      assertThat(db("--new", "--media", media)).isZero();
      assertThat(Http.get(server.url("/get_database")).body()).isEqualTo("[]");
      assertThat(server.mediaDir().resolve("copied.jpg")).exists();
      assertThat(db("--media", media)).isEqualTo(2);
    }
  }
}
