package io.camstream.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class MjpegStreamReaderTest {

  static byte[] jpeg(int width, int height, int shade) {
    try (Mat mat = new Mat(height, width, CV_8UC3, new Scalar(shade, 255 - shade, shade / 2.0, 0))) {
      return JpegCodec.encode(mat, 80);
    }
  }

  /** Puts an APP1 segment holding a complete JPEG (like an EXIF thumbnail) right after SOI. */
  static byte[] withEmbeddedThumbnail(byte[] outer, byte[] thumbnail) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(outer, 0, 2);
    int length = thumbnail.length + 2;
    out.write(0xFF);
    out.write(0xE1);
    out.write(length >> 8);
    out.write(length & 0xFF);
    out.write(thumbnail, 0, thumbnail.length);
    out.write(outer, 2, outer.length - 2);
    return out.toByteArray();
  }

  @Test
  void splitsConcatenatedJpegsAndReadsTheirSize() throws IOException {
    byte[] a = jpeg(64, 48, 10);
    byte[] b = jpeg(32, 16, 200);
    MjpegStreamReader reader = new MjpegStreamReader(new ByteArrayInputStream(concat(a, b, a)), 1 << 20);
    MjpegStreamReader.Picture first = reader.next();
    assertThat(first.jpegBytes()).isEqualTo(a);
    assertThat(first.width()).isEqualTo(64);
    assertThat(first.height()).isEqualTo(48);
    MjpegStreamReader.Picture second = reader.next();
    assertThat(second.jpegBytes()).isEqualTo(b);
    assertThat(second.width()).isEqualTo(32);
    assertThat(reader.next().jpegBytes()).isEqualTo(a);
    assertThatThrownBy(reader::next).isInstanceOf(EOFException.class);
  }

  @Test
  void anEmbeddedThumbnailDoesNotEndThePicture() throws IOException {
    byte[] picture = withEmbeddedThumbnail(jpeg(80, 60, 50), jpeg(16, 12, 90));
    MjpegStreamReader reader = new MjpegStreamReader(new ByteArrayInputStream(concat(picture, picture)), 1 << 20);
    assertThat(reader.next().jpegBytes()).isEqualTo(picture);
    MjpegStreamReader.Picture again = reader.next();
    assertThat(again.jpegBytes()).isEqualTo(picture);
    assertThat(again.width()).isEqualTo(80);
    assertThat(JpegInfo.dimensions(picture)).containsExactly(80, 60);
  }

  @Test
  void skipsMultipartHeadersBetweenParts() throws IOException {
    byte[] a = jpeg(40, 30, 0);
    byte[] b = jpeg(40, 30, 255);
    String head = "--boundary\r\nContent-Type: image/jpeg\r\nContent-Length: ";
    byte[] stream = concat(
        (head + a.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), a, "\r\n".getBytes(StandardCharsets.US_ASCII),
        (head + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), b, "\r\n".getBytes(StandardCharsets.US_ASCII));
    MjpegStreamReader reader = new MjpegStreamReader(trickle(stream), 1 << 20);
    assertThat(reader.next().jpegBytes()).isEqualTo(a);
    assertThat(reader.next().jpegBytes()).isEqualTo(b);
  }

  @Test
  void refusesAStreamThatIsNotJpeg() {
    byte[] noise = new byte[5000];
    java.util.Arrays.fill(noise, (byte) 'x');
    MjpegStreamReader reader = new MjpegStreamReader(new ByteArrayInputStream(noise), 1000);
    assertThatThrownBy(reader::next).isInstanceOf(IOException.class).hasMessageContaining("not M-JPEG");
  }

  @Test
  void refusesAPictureOverTheLimit() {
    byte[] big = jpeg(640, 480, 77);
    MjpegStreamReader reader = new MjpegStreamReader(new ByteArrayInputStream(big), big.length / 2);
    assertThatThrownBy(reader::next).isInstanceOf(IOException.class).hasMessageContaining("over");
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.write(p, 0, p.length);
    }
    return out.toByteArray();
  }

  /** Delivers a few bytes per read, as a pipe does, to exercise every buffer boundary. */
  static InputStream trickle(byte[] data) {
    return new InputStream() {
      int pos;

      @Override
      public int read() {
        return pos < data.length ? data[pos++] & 0xFF : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos >= data.length) {
          return -1;
        }
        int n = Math.min(Math.min(len, 7), data.length - pos);
        System.arraycopy(data, pos, b, off, n);
        pos += n;
        return n;
      }
    };
  }
}
