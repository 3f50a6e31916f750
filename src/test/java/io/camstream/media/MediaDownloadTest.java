package io.camstream.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Http;
import io.camstream.testing.SharedServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * /media/NAME as browsers, players and download tools use it: validators, 304s, suffix
 * ranges, If-Range, 416, HEAD; and a file replaced under its name is never answered from an
 * old copy.
 */
class MediaDownloadTest {
  @RegisterExtension
  static final SharedServer server = new SharedServer();

  private final byte[] content = new byte[100_000];
  private Path file;

  @BeforeEach
  void writeFile() throws Exception {
    new Random(7).nextBytes(content);
    file = server.mediaDir().resolve("download.jpg");
    Files.write(file, content);
  }

  private static HttpResponse<byte[]> get(String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url("/media/download.jpg"))).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return Http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  @Test
  void theWholeFileComesWithItsValidators() {
    HttpResponse<byte[]> whole = get();
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(content);
    assertThat(header(whole, "ETag")).matches("\"[0-9a-f]+-[0-9a-f]+\"");
    assertThat(header(whole, "Last-Modified")).endsWith(" GMT");
    assertThat(header(whole, "Accept-Ranges")).isEqualTo("bytes");
    assertThat(header(whole, "Content-Type")).isEqualTo("image/jpeg");
    assertThat(header(whole, "Cache-Control")).as("revalidated every time: the name may get a new file")
        .isEqualTo("no-cache");

    HttpResponse<String> head = Http.send(HttpRequest.newBuilder(URI.create(server.url("/media/download.jpg")))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(header(head, "Content-Length")).isEqualTo("100000");
    assertThat(header(head, "ETag")).isEqualTo(header(whole, "ETag"));
  }

  @Test
  void aCachedCopyIsConfirmedWithA304UntilTheFileIsReplaced() throws Exception {
    HttpResponse<byte[]> first = get();
    String etag = header(first, "ETag");
    HttpResponse<byte[]> same = get("If-None-Match", etag);
    assertThat(same.statusCode()).isEqualTo(304);
    assertThat(same.body()).isEmpty();
    assertThat(get("If-None-Match", "W/" + etag).statusCode()).as("weak comparison").isEqualTo(304);
    assertThat(get("If-Modified-Since", header(first, "Last-Modified")).statusCode()).isEqualTo(304);
    assertThat(get("If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT").statusCode()).isEqualTo(200);

    // a new recording under the old name: same size, another time
    content[0] ^= 1;
    Files.write(file, content);
    Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5_000));
    HttpResponse<byte[]> replaced = get("If-None-Match", etag);
    assertThat(replaced.statusCode()).isEqualTo(200);
    assertThat(replaced.body()).isEqualTo(content);
    assertThat(header(replaced, "ETag")).isNotEqualTo(etag);
  }

  @Test
  void rangesFromTheStartTheMiddleAndTheEnd() {
    HttpResponse<byte[]> suffix = get("Range", "bytes=-100");
    assertThat(suffix.statusCode()).isEqualTo(206);
    assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(content, 99_900, 100_000));
    assertThat(header(suffix, "Content-Range")).isEqualTo("bytes 99900-99999/100000");

    HttpResponse<byte[]> open = get("Range", "bytes=99990-");
    assertThat(open.statusCode()).isEqualTo(206);
    assertThat(open.body()).isEqualTo(Arrays.copyOfRange(content, 99_990, 100_000));

    HttpResponse<byte[]> middle = get("Range", "bytes=100-199");
    assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(content, 100, 200));
    assertThat(header(middle, "Content-Range")).isEqualTo("bytes 100-199/100000");

    HttpResponse<byte[]> past = get("Range", "bytes=100000-");
    assertThat(past.statusCode()).isEqualTo(416);
    assertThat(header(past, "Content-Range")).isEqualTo("bytes */100000");

    HttpResponse<byte[]> several = get("Range", "bytes=0-9,20-29");
    assertThat(several.statusCode()).as("several ranges: the whole file").isEqualTo(200);
    assertThat(several.body()).isEqualTo(content);
  }

  @Test
  void ifRangeResumesOnlyTheSameFile() {
    HttpResponse<byte[]> first = get();
    String etag = header(first, "ETag");
    HttpResponse<byte[]> resumed = get("Range", "bytes=50000-", "If-Range", etag);
    assertThat(resumed.statusCode()).isEqualTo(206);
    assertThat(resumed.body()).isEqualTo(Arrays.copyOfRange(content, 50_000, 100_000));
    assertThat(get("Range", "bytes=50000-", "If-Range", header(first, "Last-Modified")).statusCode()).isEqualTo(206);

    HttpResponse<byte[]> changed = get("Range", "bytes=50000-", "If-Range", "\"an-older-file\"");
    assertThat(changed.statusCode()).as("another file now: the whole of it").isEqualTo(200);
    assertThat(changed.body()).isEqualTo(content);
  }
}
