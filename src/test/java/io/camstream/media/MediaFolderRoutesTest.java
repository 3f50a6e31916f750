package io.camstream.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.camstream.testing.Http;
import io.camstream.testing.Poll;
import io.camstream.testing.SharedServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the server says about the media folder itself: its disk (route and metrics), the
 * files in it that the list does not name, and what a file listed again keeps.
 */
class MediaFolderRoutesTest {
  @RegisterExtension
  static final SharedServer server = new SharedServer();

  @Test
  void theDiskOfTheMediaFolderIsAnsweredAndScraped() throws Exception {
    FileStore store = Files.getFileStore(server.mediaDir());
    HttpResponse<String> answer = Http.get(server.url("/api/disk"));
    assertThat(answer.statusCode()).isEqualTo(200);
    JsonObject disk = new JsonObject(answer.body());
    assertThat(disk.getLong("totalBytes")).isEqualTo(store.getTotalSpace());
    // other programs write to the same disk meanwhile
    assertThat(disk.getLong("freeBytes")).isPositive().isLessThanOrEqualTo(disk.getLong("totalBytes"))
        .isCloseTo(store.getUsableSpace(), within(256L * 1024 * 1024));

    String metrics = Http.get(server.url("/metrics")).body();
    assertThat(metrics).contains("# TYPE camstream_media_disk_free_bytes gauge")
        .contains("# TYPE camstream_media_disk_total_bytes gauge");
    assertThat(value(metrics, "camstream_media_disk_total_bytes")).isEqualTo((double) store.getTotalSpace());
    assertThat(value(metrics, "camstream_media_disk_free_bytes"))
        .isCloseTo((double) store.getUsableSpace(), within(256.0 * 1024 * 1024));
  }

  @Test
  void unlistedAreTheFilesAddWouldTakeAndNoRowNames() throws Exception {
    Path dir = server.mediaDir();
    assertThat(Http.get(server.url("/snapshot?filename=listed-shot")).statusCode()).isEqualTo(200);
    Files.write(dir.resolve("copied in.jpg"), jpegOf("listed-shot.jpg"));        // add turns the space into _: not takeable
    Files.write(dir.resolve("copied-in.jpg"), jpegOf("listed-shot.jpg"));
    Files.writeString(dir.resolve("notes.txt"), "any file add would take");
    Files.writeString(dir.resolve(".hidden.jpg"), "hidden files are the server's");
    Files.writeString(dir.resolve("50%.jpg"), "a name add refuses");
    Files.createDirectories(dir.resolve("folder.jpg"));
    Files.createSymbolicLink(dir.resolve("link.jpg"), dir.resolve("copied-in.jpg"));
    Files.setLastModifiedTime(dir.resolve("notes.txt"), java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L));

    JsonArray files = unlisted();
    assertThat(names(files)).containsExactly("copied-in.jpg", "notes.txt");
    JsonObject copied = files.getJsonObject(0);
    assertThat(copied.getString("kind")).isEqualTo("picture");
    assertThat(copied.getLong("bytes")).isEqualTo(Files.size(dir.resolve("copied-in.jpg")));
    assertThat(files.getJsonObject(1).getString("modified")).isEqualTo("2001-09-09T01:46:40Z");

    // a recording being written is not offered; once finished it is listed, so still not
    assertThat(Http.get(server.url("/video_capture?status=false&filename=rolling")).statusCode()).isEqualTo(200);
    try {
      Poll.until(Duration.ofSeconds(20), "the recording's file", () -> Files.exists(dir.resolve("rolling.avi")));
      assertThat(names(unlisted())).containsExactly("copied-in.jpg", "notes.txt");
    } finally {
      assertThat(Http.get(server.url("/video_capture?status=true")).statusCode()).isEqualTo(200);
    }
    Poll.until(Duration.ofSeconds(20), "the recording listed", () -> Http.get(server.url("/api/media/rolling.avi")).statusCode() == 200);
    assertThat(names(unlisted())).containsExactly("copied-in.jpg", "notes.txt");

    assertThat(Http.get(server.url("/database/add?filename=copied-in.jpg")).statusCode()).isEqualTo(200);
    assertThat(names(unlisted())).containsExactly("notes.txt");
  }

  @Test
  void aRecordingAndASnapshotListedAgainKeepTheirSizeAndDuration() throws Exception {
    assertThat(Http.get(server.url("/snapshot?filename=again-shot")).statusCode()).isEqualTo(200);
    assertThat(Http.get(server.url("/video_capture?status=false&filename=again-clip")).statusCode()).isEqualTo(200);
    Poll.until(Duration.ofSeconds(30), "a second and a half of recording", () -> Http.get(server.url("/api/recording")).body(),
        b -> new JsonObject(b).getDouble("seconds", 0.0) >= 1.5);
    assertThat(Http.get(server.url("/video_capture?status=true")).statusCode()).isEqualTo(200);
    JsonObject clip = new JsonObject(Poll.until(Duration.ofSeconds(20), "the recording listed",
        () -> Http.get(server.url("/api/media/again-clip.avi")), r -> r.statusCode() == 200).body());
    JsonObject shot = new JsonObject(Http.get(server.url("/api/media/again-shot.jpg")).body());
    assertThat(clip.getDouble("durationSeconds")).isGreaterThan(1.0);
    assertThat(clip.getInteger("width")).isEqualTo(320);

    // a new list: the rows go, the files stay and are listed again
    assertThat(Http.get(server.url("/database/new")).statusCode()).isEqualTo(200);
    for (String name : List.of("again-clip.avi", "again-shot.jpg")) {
      assertThat(Http.get(server.url("/api/media/" + name)).statusCode()).isEqualTo(404);
      assertThat(Http.get(server.url("/database/add?filename=" + name)).statusCode()).isEqualTo(200);
    }
    JsonObject clipAgain = new JsonObject(Http.get(server.url("/api/media/again-clip.avi")).body());
    assertThat(clipAgain.getInteger("width")).isEqualTo(320);
    assertThat(clipAgain.getInteger("height")).isEqualTo(240);
    assertThat(clipAgain.getLong("frames")).isEqualTo(clip.getLong("frames"));
    assertThat(clipAgain.getDouble("durationSeconds")).isCloseTo(clip.getDouble("durationSeconds"), within(0.01));
    JsonObject shotAgain = new JsonObject(Http.get(server.url("/api/media/again-shot.jpg")).body());
    assertThat(shotAgain.getInteger("width")).isEqualTo(shot.getInteger("width")).isEqualTo(320);
    assertThat(shotAgain.getInteger("height")).isEqualTo(240);
    assertThat(shotAgain.getLong("bytes")).isEqualTo(shot.getLong("bytes"));
  }

  private static JsonArray unlisted() {
    HttpResponse<String> answer = Http.get(server.url("/database/unlisted"));
    assertThat(answer.statusCode()).isEqualTo(200);
    return new JsonObject(answer.body()).getJsonArray("files");
  }

  /** The names offered, but for the files the re-listing test takes off the list for a moment. */
  private static List<String> names(JsonArray files) {
    return files.stream().map(f -> ((JsonObject) f).getString("filename"))
        .filter(n -> !n.startsWith("again-")).toList();
  }

  private static byte[] jpegOf(String listedName) throws Exception {
    return Files.readAllBytes(server.mediaDir().resolve(listedName));
  }

  private static double value(String text, String name) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+-]+)$").matcher(text);
    assertThat(m.find()).as(name + " in /metrics").isTrue();
    return Double.parseDouble(m.group(1));
  }
}
