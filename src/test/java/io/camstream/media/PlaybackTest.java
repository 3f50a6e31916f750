package io.camstream.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;

import io.camstream.format.AviWriter;
import io.camstream.format.JpegCodec;
import io.camstream.testing.Http;
import io.camstream.testing.MjpegTestClient;
import io.camstream.testing.TestServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Recordings replayed as M-JPEG at their rate, and thumbnails. */
class PlaybackTest {
  private static TestServer server;
  private static final List<byte[]> JPEGS = new ArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    server = TestServer.start();
    for (int i = 0; i < 15; i++) {
      BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      g.setColor(new Color(i * 15, 100, 255 - i * 15));
      g.fillRect(0, 0, 320, 240);
      g.dispose();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "jpg", out);
      JPEGS.add(out.toByteArray());
    }
    // 15 frames captured at 10 fps: a 1.5 s recording
    try (AviWriter writer = AviWriter.create(server.mediaDir().resolve("clip.avi"), 320, 240, 30)) {
      for (int i = 0; i < JPEGS.size(); i++) {
        writer.write(ByteBuffer.wrap(JPEGS.get(i)), i * 100_000_000L);
      }
      writer.finish();
    }
    Files.writeString(server.mediaDir().resolve("notes.txt"), "text");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aRecordingReplaysEveryFrameAtItsRecordedRate() throws Exception {
    long start = System.nanoTime();
    List<byte[]> received = new ArrayList<>();
    try (MjpegTestClient client = new MjpegTestClient(server.url("/media/clip.avi/play"))) {
      assertThat(client.response().headers().firstValue("X-Frame-Rate")).contains("10.0");
      while (received.size() < JPEGS.size()) {
        received.add(client.next().jpeg());
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(received).containsExactlyElementsOf(JPEGS);
    // the last frame is due 1.4 s after the first; an unpaced replay would take milliseconds
    assertThat(seconds).isGreaterThan(1.3);
  }

  @Test
  void anOffsetStartsTheReplayLater() throws Exception {
    try (MjpegTestClient client = new MjpegTestClient(server.url("/media/clip.avi/play?offset=1.0"))) {
      MjpegTestClient.Part first = client.next();
      assertThat(first.jpeg()).isEqualTo(JPEGS.get(10));
      assertThat(first.headers().get("x-timestamp")).isEqualTo("1.000000");
    }
    assertThat(Http.get(server.url("/media/clip.avi/play?offset=-1")).statusCode()).isEqualTo(400);
    assertThat(Http.get(server.url("/media/notes.txt/play")).statusCode()).isEqualTo(404);
    assertThat(Http.get(server.url("/media/none.avi/play")).statusCode()).isEqualTo(404);
  }

  @Test
  void everyPictureAndVideoHasAThumbnail() throws Exception {
    assertThat(Http.get(server.url("/snapshot?filename=still")).statusCode()).isEqualTo(200);
    for (String name : List.of("clip.avi", "still.jpg")) {
      HttpResponse<byte[]> thumb = Http.getBytes(server.url("/media/" + name + "/thumbnail"));
      assertThat(thumb.statusCode()).as(name).isEqualTo(200);
      assertThat(thumb.headers().firstValue("Content-Type")).contains("image/jpeg");
      try (Mat picture = JpegCodec.decode(thumb.body(), IMREAD_COLOR)) {
        assertThat(picture.cols()).as(name).isEqualTo(160);
        assertThat(picture.rows()).as(name).isEqualTo(120);
      }
    }
    assertThat(Http.get(server.url("/media/notes.txt/thumbnail")).statusCode()).isEqualTo(404);
    assertThat(Http.get(server.url("/media/..%2fx/thumbnail")).statusCode()).isEqualTo(404);
  }
}
