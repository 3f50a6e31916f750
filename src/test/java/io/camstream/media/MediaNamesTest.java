package io.camstream.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Http;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every name a user may save is fetched, thumbnailed and deleted by the links the API
 * returns for it; every name it may not save is a 400 that writes nothing (issue 13, item 8).
 */
class MediaNamesTest {
  /** Requested name -> the file name it is saved as, or null when it must be refused with 400. */
  private static final Map<String, String> NAMES = new LinkedHashMap<>();

  static {
    NAMES.put("plain", "plain.jpg");
    NAMES.put("café.jpg", "café.jpg");
    NAMES.put("写真.jpg", "写真.jpg");
    NAMES.put("a+b.jpg", "a+b.jpg");
    NAMES.put("a:b.jpg", "a:b.jpg");
    NAMES.put("front door", "front_door.jpg");
    NAMES.put("a&b=c;d,e.jpg", "a&b=c;d,e.jpg");
    NAMES.put("it's @home $1!.jpg", "it's_@home_$1!.jpg");
    NAMES.put("(a)[b]{c}~.jpg", "(a)[b]{c}~.jpg");
    NAMES.put("Ünïcödé ñ.jpg", "Ünïcödé_ñ.jpg");
    NAMES.put("emoji😀.jpg", "emoji😀.jpg");
    NAMES.put("a.b.c", "a.b.c.jpg");
    NAMES.put("UPPER.JPG", "UPPER.JPG");
    NAMES.put("x'\"<y>.jpg", "x'\"<y>.jpg");
    // the longest names: 200 bytes in UTF-8 with the extension, so marker and part files still fit 255
    NAMES.put("a".repeat(196), "a".repeat(196) + ".jpg");
    NAMES.put("写".repeat(64) + "abcd", "写".repeat(64) + "abcd.jpg");
    NAMES.put("a".repeat(197), null);
    NAMES.put("写".repeat(66), null);
    NAMES.put("写".repeat(100), null);
    NAMES.put("é".repeat(120), null);
    NAMES.put("a%b.jpg", null);
    NAMES.put("a#b.jpg", null);
    NAMES.put("a?b.jpg", null);
    NAMES.put("abc.", null);
    NAMES.put("abc.jpg.", null);
    NAMES.put("abc. ", null);
    NAMES.put(".hidden", null);
  }

  @RegisterExtension
  static final SharedServer server = new SharedServer();

  @Test
  void everySavedNameIsListedFetchedThumbnailedAndDeletedByItsOwnLinks() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, String> entry : NAMES.entrySet()) {
      String asked = entry.getKey();
      String expected = entry.getValue();
      HttpResponse<String> saved = Http.get(server.url("/snapshot?filename=" + query(asked)));
      if (expected == null) {
        if (saved.statusCode() != 400 || saved.body().isBlank()) {
          wrong.add(asked + ": snapshot answered " + saved.statusCode() + " " + saved.body() + ", expected 400");
        }
        continue;
      }
      if (saved.statusCode() != 200) {
        wrong.add(asked + ": snapshot answered " + saved.statusCode() + " " + saved.body());
        continue;
      }
      wrong.addAll(roundTrip(asked, expected));
    }
    assertThat(wrong).as("names that do not make the round trip").isEmpty();
    try (Stream<Path> files = Files.list(server.mediaDir())) {
      assertThat(files.map(f -> f.getFileName().toString())
          .filter(n -> !n.startsWith("media.db") && !n.equals(Thumbnails.FOLDER)).toList())
          .as("every refused name wrote nothing, every deleted one left nothing").isEmpty();
    }
    try (Stream<Path> thumbs = Files.list(server.mediaDir().resolve(Thumbnails.FOLDER))) {
      assertThat(thumbs.toList()).as("deleting an item deletes its thumbnail").isEmpty();
    }
    assertThat(Http.get(server.url("/get_database")).body()).isEqualTo("[]");
  }

  private static List<String> roundTrip(String asked, String expected) throws Exception {
    List<String> wrong = new ArrayList<>();
    byte[] onDisk = Files.readAllBytes(server.mediaDir().resolve(expected));
    JsonObject item = null;
    for (Object o : new JsonObject(Http.get(server.url("/api/media?limit=500")).body()).getJsonArray("items")) {
      if (expected.equals(((JsonObject) o).getString("filename"))) {
        item = (JsonObject) o;
      }
    }
    if (item == null) {
      return List.of(asked + ": " + expected + " is not listed");
    }
    HttpResponse<byte[]> file = Http.getBytes(server.url(item.getString("url")));
    if (file.statusCode() != 200 || !java.util.Arrays.equals(file.body(), onDisk)) {
      wrong.add(asked + ": its url " + item.getString("url") + " answered " + file.statusCode());
    }
    HttpResponse<byte[]> thumb = Http.getBytes(server.url(item.getString("thumbnail")));
    if (thumb.statusCode() != 200 || !thumb.headers().firstValue("Content-Type").orElse("").equals("image/jpeg")) {
      wrong.add(asked + ": its thumbnail " + item.getString("thumbnail") + " answered " + thumb.statusCode());
    }
    HttpResponse<String> one = Http.get(server.url("/api/media/" + item.getString("url").substring("/media/".length())));
    if (one.statusCode() != 200 || !expected.equals(new JsonObject(one.body()).getString("filename"))) {
      wrong.add(asked + ": GET /api/media/NAME answered " + one.statusCode());
    }
    HttpResponse<String> deleted = Http.send(HttpRequest.newBuilder(
            URI.create(server.url("/api/media/" + item.getString("url").substring("/media/".length())))).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    if (deleted.statusCode() != 200 || Files.exists(server.mediaDir().resolve(expected))) {
      wrong.add(asked + ": DELETE answered " + deleted.statusCode() + " " + deleted.body());
    }
    for (Object o : new JsonArray(Http.get(server.url("/get_database")).body())) {
      if (expected.equals(((JsonObject) o).getString("filename"))) {
        wrong.add(asked + ": still listed after DELETE");
      }
    }
    return wrong;
  }

  @Test
  void theLongestNameRecordsAndIsListedWithoutRepairLeftOver() throws Exception {
    String name = "写".repeat(64) + "abcd";
    assertThat(Http.get(server.url("/video_capture?status=false&filename=" + query(name))).statusCode()).isEqualTo(200);
    Poll.until(Duration.ofSeconds(20), "frames in the recording",
        () -> new JsonObject(Http.get(server.url("/api/recording")).body()).getLong("frames", 0L), n -> n > 3);
    assertThat(Http.get(server.url("/video_capture?status=true")).statusCode()).isEqualTo(200);
    String file = name + ".avi";
    JsonObject item = new JsonObject(Http.get(server.url("/api/media/" + URLEncoder.encode(file, StandardCharsets.UTF_8)
        .replace("+", "%20"))).body());
    assertThat(item.getString("filename")).isEqualTo(file);
    assertThat(java.util.Arrays.equals(Http.getBytes(server.url(item.getString("url"))).body(),
        Files.readAllBytes(server.mediaDir().resolve(file)))).as("its url answers the recording as it is on disk").isTrue();
    try (Stream<Path> files = Files.list(server.mediaDir())) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".recording")).toList())
          .as("the finished recording's marker is gone, so no repair at the next start").isEmpty();
    }
    Http.get(server.url("/database/remove?filename=" + query(file)));
  }

  @Test
  void aNameEndingInADotIsRefusedForRecordingsAsForSnapshots() throws Exception {
    for (String name : List.of("abc.", "abc.avi.", "abc.jpg.")) {
      HttpResponse<String> answer = Http.get(server.url("/video_capture?status=false&filename=" + query(name)));
      assertThat(answer.statusCode()).as(name).isEqualTo(400);
      assertThat(answer.body()).contains("end with a dot");
      assertThat(Http.get(server.url("/snapshot?filename=" + query(name))).body()).contains("end with a dot");
    }
    try (Stream<Path> files = Files.list(server.mediaDir())) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("abc") || n.startsWith(".abc")))
          .isEmpty();
    }
  }

  private static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
