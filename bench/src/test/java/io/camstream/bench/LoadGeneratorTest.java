package io.camstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Poll;
import io.camstream.testing.TestServer;
import io.netty.buffer.Unpooled;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The load generator reads a real server's stream correctly; no timing figures are checked. */
class LoadGeneratorTest {

  @Test
  void readsEveryViewerOfARealServer() throws Exception {
    JsonObject result = measure("/video_feed", 3, worker -> Poll.until(Duration.ofSeconds(30),
        "every viewer to receive 3 parts", worker::fewestPartsInWindow, n -> n >= 3));
    assertThat(result.getJsonObject("failures").isEmpty()).as("failures: %s", result.getJsonObject("failures")).isTrue();
    assertThat(result.getJsonArray("fps")).hasSize(3);
    for (Object fps : result.getJsonArray("fps")) {
      assertThat(((Number) fps).doubleValue()).isPositive();
    }
    LatencyHistogram latency = LatencyHistogram.fromJson(result.getJsonArray("latency"));
    assertThat(latency.count()).isPositive();
    // capture and arrival happen on this machine's clock: the latency is real and short
    assertThat(latency.percentileMillis(0.5)).isBetween(0.0, 5000.0);
  }

  @Test
  void spreadsViewersOverSeveralCamerasInNearEqualShares() {
    for (int total : new int[] {9, 10, 1000, 1003}) {
      for (int parts : new int[] {1, 4, 9}) {
        List<Integer> shares = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
          shares.add(LoadGenerator.share(total, parts, i));
        }
        assertThat(shares.stream().mapToInt(Integer::intValue).sum()).as("%d over %d", total, parts).isEqualTo(total);
        assertThat(shares.stream().mapToInt(Integer::intValue).max().getAsInt()
            - shares.stream().mapToInt(Integer::intValue).min().getAsInt()).isLessThanOrEqualTo(1);
      }
    }
  }

  /** The frames captured and encoded come from here: the default camera's and a named camera's state. */
  @Test
  void findsTheCameraStateBehindEachKindOfStreamUrl() {
    try (TestServer server = TestServer.start(java.util.Map.of("cameras.yard.source", "test"))) {
      for (String path : List.of("/video_feed", "/cameras/default/video_feed", "/cameras/yard/video_feed")) {
        JsonObject state = LoadGenerator.cameraState(URI.create(server.url(path)));
        assertThat(state).as("the camera state behind " + path).isNotNull();
        assertThat(state.getJsonObject("frames").containsKey("encoded")).as(path).isTrue();
      }
    }
  }

  @Test
  void reportsAWrongServerAsAFailure() throws Exception {
    JsonObject result = measure("/no-such-page", 2, worker -> { });
    assertThat(result.getJsonObject("failures").getInteger("HTTP 404")).isEqualTo(2);
  }

  /** Opens viewers on a path of a real test server, runs {@code inWindow} in a window and returns its results. */
  private static JsonObject measure(String path, int viewers, Consumer<Worker> inWindow) throws Exception {
    try (TestServer server = TestServer.start();
        Worker worker = new Worker(URI.create(server.url(path)), 1)) {
      worker.open(viewers, 30_000);
      worker.startWindow();
      inWindow.accept(worker);
      return worker.stopWindow();
    }
  }

  @Test
  void parsesPartsSplitAnywhereAndRejectsATruncatedJpeg() {
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};
    String head = "--frame\r\nContent-Type: image/jpeg\r\nContent-Length: 7\r\nX-Timestamp: 1700000000.25\r\n\r\n";
    byte[] stream = concat(head.getBytes(StandardCharsets.US_ASCII), jpeg, "\r\n".getBytes(StandardCharsets.US_ASCII),
        head.getBytes(StandardCharsets.US_ASCII), jpeg, "\r\n--frame\r\n".getBytes(StandardCharsets.US_ASCII));
    for (int split = 1; split < stream.length; split++) {
      List<Long> timestamps = new ArrayList<>();
      MultipartParser parser = new MultipartParser("frame", (size, ts) -> {
        assertThat(size).isEqualTo(7);
        timestamps.add(ts);
      });
      assertThat(parser.feed(Unpooled.wrappedBuffer(stream, 0, split))).isTrue();
      assertThat(parser.feed(Unpooled.wrappedBuffer(stream, split, stream.length - split))).isTrue();
      assertThat(timestamps).containsExactly(1_700_000_000_250_000L, 1_700_000_000_250_000L);
    }

    MultipartParser parser = new MultipartParser("frame", (size, ts) -> { });
    String bad = "--frame\r\nContent-Length: 6\r\n\r\n";
    assertThat(parser.feed(Unpooled.wrappedBuffer(concat(bad.getBytes(StandardCharsets.US_ASCII), jpeg)))).isFalse();
    assertThat(parser.error()).contains("not a whole JPEG");
    assertThat(MultipartParser.boundaryOf("multipart/x-mixed-replace; boundary=\"frame\"")).isEqualTo("frame");
    assertThat(MultipartParser.boundaryOf("image/jpeg")).isNull();
  }

  private static byte[] concat(byte[]... parts) {
    int size = 0;
    for (byte[] p : parts) {
      size += p.length;
    }
    byte[] out = new byte[size];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
