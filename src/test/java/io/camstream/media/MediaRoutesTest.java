package io.camstream.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Http;
import io.camstream.testing.MjpegTestClient;
import io.camstream.testing.Poll;
import io.camstream.testing.SharedServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MediaRoutesTest {
  @RegisterExtension
  static final SharedServer server = new SharedServer();

  @BeforeEach
  void emptyLibrary() throws Exception {
    assertThat(Http.get(server.url("/database/new")).statusCode()).isEqualTo(200);
    try (Stream<Path> files = Files.list(server.mediaDir())) {
      for (Path f : files.filter(f -> !f.getFileName().toString().startsWith("media.db")).toList()) {
        Files.delete(f);
      }
    }
  }

  @Test
  void aSnapshotHoldsExactlyTheFrameTheStreamShowed() throws Exception {
    List<byte[]> seen = new CopyOnWriteArrayList<>();
    AtomicBoolean reading = new AtomicBoolean(true);
    try (MjpegTestClient viewer = new MjpegTestClient(server.url("/video_feed"))) {
      seen.add(viewer.next().jpeg());
      Thread reader = new Thread(() -> {
        try {
          while (reading.get()) {
            seen.add(viewer.next().jpeg());
          }
        } catch (Exception ignored) {
          // the viewer is closed at the end of the test
        }
      });
      reader.start();
      HttpResponse<String> answer = Http.get(server.url("/snapshot?filename=front%20door&date=2024-05-01"));
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo("200");
      byte[] saved = Files.readAllBytes(server.mediaDir().resolve("front_door.jpg"));
      // the stream may deliver the saved frame a moment after the snapshot answered
      Poll.until(Duration.ofSeconds(10), "the saved picture, byte for byte, among the frames the viewer received",
          () -> seen.stream().anyMatch(f -> Arrays.equals(f, saved)));
      reading.set(false);
      viewer.close();
      reader.join(5000);
    }
    assertThat(new JsonArray(Http.get(server.url("/get_database")).body()))
        .containsExactly(new JsonObject().put("date", "2024-05-01").put("filename", "front_door.jpg"));
    try (Stream<Path> files = Files.list(server.mediaDir())) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".")).toList())
          .as("no temporary file is left behind").isEmpty();
    }
  }

  @Test
  void anExistingFileIsNeverOverwritten() throws Exception {
    assertThat(Http.get(server.url("/snapshot?filename=one")).statusCode()).isEqualTo(200);
    byte[] first = Files.readAllBytes(server.mediaDir().resolve("one.jpg"));
    HttpResponse<String> again = Http.get(server.url("/snapshot?filename=one.jpg"));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("already exists");
    assertThat(Files.readAllBytes(server.mediaDir().resolve("one.jpg"))).isEqualTo(first);
    JsonArray rows = new JsonArray(Http.get(server.url("/get_database")).body());
    assertThat(rows).hasSize(1);
    assertThat(rows.getJsonObject(0).getString("date")).isEqualTo(LocalDate.now().toString());
  }

  @Test
  void everyNastyFilenameIsRefusedAndWritesNothing() throws Exception {
    List<String> nasty = List.of("", "   ", "..", "../x", "../../etc/passwd", "/etc/passwd", "a/b", "a\\b",
        "..\\x", "x/../../y", "x\u0000y", "x\ny", "x\ry", "x\ty", "\u001b[31m", "x\u202Ey", ".hidden",
        "a".repeat(200), "media.db", "media.db-wal", "a%2F..%2Fb", "%2e%2e", "a?b", "a#b", "...", "x..");
    List<String> notRefused = new ArrayList<>();
    for (String name : nasty) {
      String query = URLEncoder.encode(name, StandardCharsets.UTF_8);
      HttpResponse<String> answer = Http.get(server.url("/snapshot?filename=" + query));
      if (answer.statusCode() != 400 || answer.body().isBlank()) {
        notRefused.add(name + " -> " + answer.statusCode());
      }
      HttpResponse<String> record = Http.get(server.url("/video_capture?status=false&filename=" + query));
      if (record.statusCode() != 400) {
        notRefused.add("recording " + name + " -> " + record.statusCode());
      }
    }
    assertThat(notRefused).isEmpty();
    assertThat(Http.get(server.url("/snapshot")).body()).contains("filename is empty");
    assertThat(Http.get(server.url("/snapshot?filename=a/b")).body()).contains("must not contain /");
    try (Stream<Path> files = Files.list(server.mediaDir())) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith("media.db")).toList()).isEmpty();
    }
    assertThat(Files.exists(server.mediaDir().getParent().resolve("x.jpg"))).isFalse();
    assertThat(Http.get(server.url("/get_database")).body()).isEqualTo("[]");
  }

  @Test
  void theOldDatabaseRoutesWorkOnRowsAndFiles() throws Exception {
    Files.write(server.mediaDir().resolve("holiday.jpg"), new byte[] {1, 2, 3});
    assertThat(Http.get(server.url("/database/add?filename=missing.jpg")).statusCode()).isEqualTo(404);
    HttpResponse<String> added = Http.get(server.url("/database/add?filename=holiday.jpg"));
    assertThat(added.statusCode()).isEqualTo(200);
    assertThat(added.body()).isEqualTo("200");
    assertThat(Http.get(server.url("/database/add?filename=holiday.jpg")).statusCode()).isEqualTo(200);
    assertThat(new JsonArray(Http.get(server.url("/get_database")).body())).hasSize(1);

    JsonObject page = new JsonObject(Http.get(server.url("/api/media?limit=10")).body());
    assertThat(page.getLong("total")).isEqualTo(1);
    assertThat(page.getJsonArray("items").getJsonObject(0).getLong("bytes")).isEqualTo(3);

    assertThat(Http.get(server.url("/database/new")).statusCode()).isEqualTo(200);
    assertThat(Http.get(server.url("/get_database")).body()).isEqualTo("[]");
    assertThat(server.mediaDir().resolve("holiday.jpg")).exists();

    Http.get(server.url("/database/add?filename=holiday.jpg"));
    assertThat(Http.get(server.url("/database/remove?filename=nothing.jpg")).statusCode()).isEqualTo(404);
    assertThat(Http.get(server.url("/database/remove?filename=holiday.jpg")).statusCode()).isEqualTo(200);
    assertThat(server.mediaDir().resolve("holiday.jpg")).doesNotExist();
    assertThat(Http.get(server.url("/get_database")).body()).isEqualTo("[]");
  }

  @Test
  void apiPagesNewestFirst() {
    for (int i = 0; i < 5; i++) {
      assertThat(Http.get(server.url("/snapshot?filename=p" + i)).statusCode()).isEqualTo(200);
    }
    JsonObject page = new JsonObject(Http.get(server.url("/api/media?offset=1&limit=2")).body());
    assertThat(page.getLong("total")).isEqualTo(5);
    assertThat(page.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("filename")))
        .containsExactly("p3.jpg", "p2.jpg");
    JsonObject item = new JsonObject(Http.get(server.url("/api/media/p0.jpg")).body());
    assertThat(item.getInteger("width")).isEqualTo(320);
    assertThat(item.getInteger("height")).isEqualTo(240);
    assertThat(item.getString("kind")).isEqualTo("picture");
    assertThat(Http.get(server.url("/api/media/none.jpg")).statusCode()).isEqualTo(404);
  }

  @Test
  void mediaFilesAreServedWithRangesAndNothingOutsideIsReachable() throws Exception {
    byte[] content = new byte[1000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) i;
    }
    Files.write(server.mediaDir().resolve("data.jpg"), content);
    Files.writeString(server.mediaDir().getParent().resolve("secret-camstream-test.txt"), "secret");
    Files.writeString(server.mediaDir().resolve(".hidden.jpg"), "hidden");

    HttpResponse<byte[]> whole = Http.getBytes(server.url("/media/data.jpg"));
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(content);
    assertThat(whole.headers().firstValue("Cache-Control")).isPresent();
    assertThat(whole.headers().firstValue("Last-Modified")).isPresent();

    HttpResponse<String> head = Http.send(HttpRequest.newBuilder(URI.create(server.url("/media/data.jpg")))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Length")).contains("1000");

    HttpResponse<byte[]> part = Http.send(HttpRequest.newBuilder(URI.create(server.url("/media/data.jpg")))
        .header("Range", "bytes=100-199").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.body()).isEqualTo(Arrays.copyOfRange(content, 100, 200));

    String dirName = server.mediaDir().getFileName().toString();
    for (String path : List.of("/media/../" + dirName + "/data.jpg", "/media/..%2fsecret-camstream-test.txt",
        "/media/%2e%2e/secret-camstream-test.txt", "/media/%2e%2e%2fsecret-camstream-test.txt",
        "/media/%252e%252e%252fsecret-camstream-test.txt", "/media/..%5csecret-camstream-test.txt",
        "/media/.hidden.jpg", "/media/media.db", "/media/", "/media/%2fetc%2fpasswd", "/media//etc/passwd",
        "/media/..;/secret-camstream-test.txt")) {
      HttpResponse<String> answer = Http.send(HttpRequest.newBuilder(URI.create(server.url(path))).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(answer.body()).as(path).doesNotContain("secret").doesNotContain("hidden").doesNotContain("SQLite");
      assertThat(answer.statusCode()).as(path).isIn(400, 404);
    }
    Files.delete(server.mediaDir().getParent().resolve("secret-camstream-test.txt"));
  }
}
