package io.camstream.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.http.FileDownload.Part;
import io.camstream.http.FileDownload.Range;
import io.camstream.http.FileDownload.Unsatisfiable;
import io.camstream.http.FileDownload.Whole;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** What a Range header asks of a 1000-byte file, and when a cached copy is still good. */
class FileDownloadTest {
  private static final long SIZE = 1000;

  @ParameterizedTest(name = "{0} -> {1}..{2}")
  @CsvSource(delimiter = '|', value = {
      "bytes=0-99      | 0   | 99",
      "bytes=100-      | 100 | 999",
      "bytes=-100      | 900 | 999",
      "bytes=-5000     | 0   | 999",
      "bytes=990-5000  | 990 | 999",
      "bytes=999-999   | 999 | 999",
      "BYTES=0-0       | 0   | 0",
      "bytes= 10 - 19  | 10  | 19",
  })
  void oneRangeIsAPart(String header, long first, long last) {
    assertThat(FileDownload.asked(header, SIZE)).isEqualTo(new Part(new Range(first, last)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {"bytes=1000-", "bytes=5000-6000", "bytes=-0"})
  void aRangePastTheEndIsUnsatisfiable(String header) {
    assertThat(FileDownload.asked(header, SIZE)).isInstanceOf(Unsatisfiable.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {"bytes=0-9,20-29", "bytes=20-10", "bytes=a-b", "items=0-9", "bytes=-",
      "bytes=99999999999999999999-", "bytes=5"})
  void anythingElseGetsTheWholeFile(String header) {
    assertThat(FileDownload.asked(header, SIZE)).isInstanceOf(Whole.class);
    assertThat(FileDownload.asked(null, SIZE)).isInstanceOf(Whole.class);
  }

  @Test
  void anEmptyFileHasNoRangeToGive() {
    assertThat(FileDownload.asked("bytes=0-", 0)).isInstanceOf(Unsatisfiable.class);
    assertThat(FileDownload.asked("bytes=-10", 0)).isInstanceOf(Unsatisfiable.class);
  }

  @Test
  void theEtagChangesWithTheSizeOrTheTimeAndMatchesWeakly() {
    String etag = FileDownload.etag(1000, 1_700_000_000_123L);
    assertThat(etag).isNotEqualTo(FileDownload.etag(1001, 1_700_000_000_123L))
        .isNotEqualTo(FileDownload.etag(1000, 1_700_000_000_124L)).startsWith("\"").endsWith("\"");
    long seconds = 1_700_000_000L;
    assertThat(FileDownload.notModified(etag, null, etag, seconds)).isTrue();
    assertThat(FileDownload.notModified("\"other\", W/" + etag, null, etag, seconds)).isTrue();
    assertThat(FileDownload.notModified("*", null, etag, seconds)).isTrue();
    assertThat(FileDownload.notModified("\"other\"", "Tue, 14 Nov 2023 22:13:20 GMT", etag, seconds))
        .as("If-None-Match wins over If-Modified-Since").isFalse();
    assertThat(FileDownload.notModified(null, "Tue, 14 Nov 2023 22:13:20 GMT", etag, seconds)).isTrue();
    assertThat(FileDownload.notModified(null, "Tue, 14 Nov 2023 22:13:19 GMT", etag, seconds)).isFalse();
    assertThat(FileDownload.notModified(null, "yesterday", etag, seconds)).isFalse();
    assertThat(FileDownload.notModified(null, null, etag, seconds)).isFalse();
  }

  @Test
  void typesFollowTheExtension() {
    assertThat(FileDownload.contentType(Path.of("a.JPG"))).isEqualTo("image/jpeg");
    assertThat(FileDownload.contentType(Path.of("clip.avi"))).isEqualTo("video/x-msvideo");
    assertThat(FileDownload.contentType(Path.of("notes"))).isEqualTo("application/octet-stream");
  }
}
