package io.camstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.MjpegTestClient;
import io.camstream.testing.SharedServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class VideoFeedTest {
  @RegisterExtension
  static final SharedServer server = new SharedServer();

  @Test
  void streamsValidJpegPartsWithTimestamps() throws Exception {
    try (MjpegTestClient client = new MjpegTestClient(server.url("/video_feed"))) {
      double previous = 0;
      byte[] first = null;
      boolean changed = false;
      for (int i = 0; i < 20; i++) {
        MjpegTestClient.Part part = client.next();
        assertThat(part.headers().get("content-type")).isEqualTo("image/jpeg");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(part.jpeg()));
        assertThat(image).as("part %d decodes as a JPEG", i).isNotNull();
        assertThat(image.getWidth()).isEqualTo(320);
        assertThat(image.getHeight()).isEqualTo(240);
        double now = System.currentTimeMillis() / 1000.0;
        assertThat(part.timestamp()).isGreaterThanOrEqualTo(previous).isBetween(now - 5, now + 1);
        previous = part.timestamp();
        if (first == null) {
          first = part.jpeg();
        } else if (!java.util.Arrays.equals(first, part.jpeg())) {
          changed = true;
        }
      }
      assertThat(changed).as("the test pattern moves").isTrue();
    }
  }
}
