package io.camstream.capture;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;

import io.camstream.format.JpegCodec;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/** The picture viewers get while the camera is offline: "NO SIGNAL", the reason and a clock. */
final class NoSignalPicture {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private NoSignalPicture() {
  }

  static byte[] render(int width, int height, String reason, int quality) {
    try {
      return drawn(width, height, reason, quality);
    } catch (LinkageError noOpenCv) {
      // OpenCV's natives did not load (the reason says so): a plain picture made without them
      return plain(width, height);
    }
  }

  /** A dark picture with a red band, encoded by the JDK alone (no fonts, no natives). */
  static byte[] plain(int width, int height) {
    java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height,
        java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
    java.awt.Graphics2D g = image.createGraphics();
    try {
      g.setColor(new java.awt.Color(24, 24, 32));
      g.fillRect(0, 0, width, height);
      g.setColor(new java.awt.Color(200, 40, 40));
      g.fillRect(0, height / 2 - Math.max(1, height / 20), width, Math.max(2, height / 10));
    } finally {
      g.dispose();
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      javax.imageio.ImageIO.write(image, "jpg", out);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] drawn(int width, int height, String reason, int quality) {
    try (Mat mat = new Mat(height, width, CV_8UC3, new Scalar(32, 24, 24, 0))) {
      double scale = Math.max(0.35, height / 720.0);
      Scalar light = new Scalar(220, 220, 220, 0);
      putText(mat, "NO SIGNAL", new Point(width / 20, height / 3), FONT_HERSHEY_SIMPLEX, 3 * scale,
          new Scalar(60, 60, 230, 0), Math.max(2, (int) (6 * scale)), LINE_AA, false);
      int y = height / 3 + (int) (80 * scale);
      for (String line : wrap(reason == null ? "camera offline" : reason, Math.max(20, (int) (width / (18 * scale))))) {
        putText(mat, line, new Point(width / 20, y), FONT_HERSHEY_SIMPLEX, 0.9 * scale, light,
            Math.max(1, (int) (2 * scale)), LINE_AA, false);
        y += (int) (45 * scale);
      }
      putText(mat, "retrying - " + LocalTime.now().format(CLOCK), new Point(width / 20, height - (int) (40 * scale)),
          FONT_HERSHEY_SIMPLEX, 0.9 * scale, light, Math.max(1, (int) (2 * scale)), LINE_AA, false);
      return JpegCodec.encode(mat, quality);
    }
  }

  private static java.util.List<String> wrap(String text, int columns) {
    java.util.List<String> lines = new java.util.ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split("\\s+")) {
      if (line.length() > 0 && line.length() + word.length() + 1 > columns) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines.size() > 4 ? lines.subList(0, 4) : lines;
  }
}
