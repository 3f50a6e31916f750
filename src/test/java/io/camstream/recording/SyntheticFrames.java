package io.camstream.recording;

import io.camstream.capture.Frame;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Real JPEG frames (made by the JDK, not by the code under test) with chosen capture times. */
final class SyntheticFrames {
  final List<byte[]> jpegs = new ArrayList<>();

  SyntheticFrames(int distinct, int width, int height) {
    for (int i = 0; i < distinct; i++) {
      BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      g.setColor(new Color(i * 37 % 256, i * 91 % 256, i * 13 % 256));
      g.fillRect(0, 0, width, height);
      g.setColor(Color.WHITE);
      g.drawString("frame " + i, 10 + i % 50, 20 + i % 100);
      g.dispose();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        ImageIO.write(image, "jpg", out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      jpegs.add(out.toByteArray());
    }
  }

  /** Frame number n of a camera running at fps from startNanos. */
  Frame frame(long n, double fps, long startNanos, int width, int height) {
    long nanos = startNanos + Math.round(n * 1e9 / fps);
    return new Frame(jpegs.get((int) (n % jpegs.size())), width, height, n, nanos, nanos / 1000, false);
  }
}
