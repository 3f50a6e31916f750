package io.camstream.format;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts a byte stream into JPEG pictures: raw concatenated JPEGs (ffmpeg -f mjpeg,
 * rpicam-vid --codec mjpeg) or multipart M-JPEG over HTTP, whose part headers are simply
 * skipped. It follows the JPEG marker structure instead of searching for FFD9, so an EXIF
 * thumbnail inside a picture does not end it early.
 */
public final class MjpegStreamReader {
  /** One whole JPEG from the stream and the size its frame header gives. */
  public record Picture(byte[] jpegBytes, int width, int height) {
  }

  private final InputStream in;
  private final int maxFrameBytes;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int limit;
  private byte[] out = new byte[256 * 1024];
  private int size;
  private int width;
  private int height;

  public MjpegStreamReader(InputStream in, int maxFrameBytes) {
    this.in = in;
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Blocks until a whole picture has arrived. Throws EOFException at the end of the stream. */
  public Picture next() throws IOException {
    size = 0;
    width = 0;
    height = 0;
    skipToStartOfImage();
    append(0xFF);
    append(0xD8);
    int marker = readMarker();
    while (true) {
      if (marker == 0xD9) {
        break;
      }
      if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01 || marker == 0xD8) {
        marker = readMarker();
        continue;
      }
      int length = (readAppend() << 8) | readAppend();
      if (length < 2) {
        throw new IOException("broken JPEG in the stream (segment length " + length + ")");
      }
      if (JpegInfo.isFrameHeader(marker) && length >= 7) {
        readAppend();
        height = (readAppend() << 8) | readAppend();
        width = (readAppend() << 8) | readAppend();
        copy(length - 7);
      } else {
        copy(length - 2);
      }
      marker = marker == 0xDA ? scanEntropyData() : readMarker();
    }
    return new Picture(Arrays.copyOf(out, size), width, height);
  }

  private void skipToStartOfImage() throws IOException {
    int previous = 0;
    long skipped = 0;
    while (true) {
      int b = read();
      if (previous == 0xFF && b == 0xD8) {
        return;
      }
      previous = b;
      if (++skipped > maxFrameBytes) {
        throw new IOException("no JPEG start in " + maxFrameBytes + " bytes: the stream is not M-JPEG");
      }
    }
  }

  /** Reads the next marker code after an 0xFF, skipping fill bytes. */
  private int readMarker() throws IOException {
    int b = readAppend();
    if (b != 0xFF) {
      throw new IOException("broken JPEG in the stream (expected a marker, got 0x" + Integer.toHexString(b) + ")");
    }
    int marker;
    do {
      marker = readAppend();
    } while (marker == 0xFF);
    return marker;
  }

  /** Copies entropy-coded data up to the next real marker and returns that marker. */
  private int scanEntropyData() throws IOException {
    while (true) {
      if (pos == limit) {
        fill();
      }
      int start = pos;
      int ff = -1;
      for (int i = start; i < limit; i++) {
        if (buf[i] == (byte) 0xFF) {
          ff = i;
          break;
        }
      }
      int end = ff < 0 ? limit : ff;
      appendBytes(buf, start, end - start);
      pos = end;
      if (ff < 0) {
        continue;
      }
      append(read());
      int next = readAppend();
      while (next == 0xFF) {
        next = readAppend();
      }
      if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
        continue;
      }
      return next;
    }
  }

  private void copy(int count) throws IOException {
    while (count > 0) {
      if (pos == limit) {
        fill();
      }
      int n = Math.min(count, limit - pos);
      appendBytes(buf, pos, n);
      pos += n;
      count -= n;
    }
  }

  private int read() throws IOException {
    if (pos == limit) {
      fill();
    }
    return buf[pos++] & 0xFF;
  }

  private int readAppend() throws IOException {
    int b = read();
    append(b);
    return b;
  }

  private void fill() throws IOException {
    int n = in.read(buf, 0, buf.length);
    if (n < 0) {
      throw new EOFException("end of stream");
    }
    pos = 0;
    limit = n;
  }

  private void append(int b) throws IOException {
    ensure(1);
    out[size++] = (byte) b;
  }

  private void appendBytes(byte[] src, int offset, int length) throws IOException {
    ensure(length);
    System.arraycopy(src, offset, out, size, length);
    size += length;
  }

  private void ensure(int extra) throws IOException {
    if (size + extra > maxFrameBytes) {
      throw new IOException("a picture in the stream is over " + maxFrameBytes + " bytes: is it really M-JPEG?");
    }
    if (size + extra > out.length) {
      out = Arrays.copyOf(out, Math.min(maxFrameBytes, Math.max(out.length * 2, size + extra)));
    }
  }
}
