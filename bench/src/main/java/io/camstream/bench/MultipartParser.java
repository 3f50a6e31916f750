package io.camstream.bench;

import io.netty.buffer.ByteBuf;
import java.util.Locale;

/**
 * Reads a multipart/x-mixed-replace body the way a browser does, incrementally and without
 * copying JPEG bytes: boundary line, part headers up to the blank line, then exactly
 * Content-Length bytes. Only header lines are copied; the JPEG is checked (SOI and EOI
 * markers) and skipped.
 */
final class MultipartParser {
  /** Told about each complete part. */
  interface Listener {
    void part(int jpegBytes, long timestampMicros);
  }

  private enum State { BOUNDARY, HEADERS, BODY }

  private static final int MAX_LINE = 1024;

  private final String boundaryLine;
  private final Listener listener;
  private final StringBuilder line = new StringBuilder(128);
  private State state = State.BOUNDARY;
  private int contentLength = -1;
  private long timestampMicros = -1;
  private int bodyLeft;
  private int bodyRead;
  private int firstBytes;
  private int lastBytes;
  private boolean sawCr;
  private String error;

  MultipartParser(String boundary, Listener listener) {
    this.boundaryLine = "--" + boundary;
    this.listener = listener;
  }

  /** The boundary named by a Content-Type header, or null when it is not an M-JPEG stream. */
  static String boundaryOf(String contentType) {
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/x-mixed-replace")) {
      return null;
    }
    int at = contentType.indexOf("boundary=");
    if (at < 0) {
      return null;
    }
    String value = contentType.substring(at + 9).trim();
    int end = value.indexOf(';');
    if (end >= 0) {
      value = value.substring(0, end).trim();
    }
    if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
      value = value.substring(1, value.length() - 1);
    }
    return value.isEmpty() ? null : value;
  }

  /** Why the stream is malformed, or null while it is fine. */
  String error() {
    return error;
  }

  /** Consumes every readable byte of {@code data}; returns false once the stream is malformed. */
  boolean feed(ByteBuf data) {
    while (error == null && data.isReadable()) {
      if (state == State.BODY) {
        readBody(data);
      } else {
        readLineBytes(data);
      }
    }
    return error == null;
  }

  private void readBody(ByteBuf data) {
    int n = Math.min(bodyLeft, data.readableBytes());
    int base = data.readerIndex() - bodyRead;
    for (int offset = bodyRead; offset < bodyRead + n && offset < 2; offset++) {
      firstBytes = (firstBytes << 8) | data.getUnsignedByte(base + offset);
    }
    for (int offset = Math.max(bodyRead, contentLength - 2); offset < bodyRead + n; offset++) {
      lastBytes = ((lastBytes << 8) | data.getUnsignedByte(base + offset)) & 0xFFFF;
    }
    data.skipBytes(n);
    bodyRead += n;
    bodyLeft -= n;
    if (bodyLeft == 0) {
      if (firstBytes != 0xFFD8 || lastBytes != 0xFFD9) {
        error = "part of " + contentLength + " bytes is not a whole JPEG (starts "
            + Integer.toHexString(firstBytes) + ", ends " + Integer.toHexString(lastBytes) + ")";
        return;
      }
      listener.part(contentLength, timestampMicros);
      state = State.BOUNDARY;
    }
  }

  private void readLineBytes(ByteBuf data) {
    while (data.isReadable()) {
      byte b = data.readByte();
      if (b == '\n') {
        if (sawCr) {
          line.setLength(line.length() - 1);
        }
        sawCr = false;
        onLine(line.toString());
        line.setLength(0);
        return;
      }
      sawCr = b == '\r';
      line.append((char) (b & 0xFF));
      if (line.length() > MAX_LINE) {
        error = "line longer than " + MAX_LINE + " bytes where " + (state == State.BOUNDARY
            ? "the boundary" : "a part header") + " was expected";
        return;
      }
    }
  }

  private void onLine(String text) {
    if (state == State.BOUNDARY) {
      if (text.equals(boundaryLine)) {
        state = State.HEADERS;
        contentLength = -1;
        timestampMicros = -1;
      } else if (text.equals(boundaryLine + "--")) {
        error = "the server ended the stream";
      } else if (!text.isEmpty()) {
        error = "expected the boundary " + boundaryLine + ", got \"" + text + "\"";
      }
      return;
    }
    if (!text.isEmpty()) {
      header(text);
      return;
    }
    if (contentLength < 0) {
      error = "part without Content-Length";
      return;
    }
    state = State.BODY;
    bodyLeft = contentLength;
    bodyRead = 0;
    firstBytes = 0;
    lastBytes = 0;
    if (contentLength < 4) {
      error = "part of " + contentLength + " bytes cannot be a JPEG";
    }
  }

  private void header(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      error = "malformed part header \"" + text + "\"";
      return;
    }
    String name = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
    String value = text.substring(colon + 1).trim();
    try {
      if (name.equals("content-length")) {
        contentLength = Integer.parseInt(value);
      } else if (name.equals("x-timestamp")) {
        timestampMicros = parseSecondsAsMicros(value);
      }
    } catch (NumberFormatException e) {
      error = "bad " + name + " \"" + value + "\"";
    }
  }

  /** "1700000000.123456" (seconds with any number of decimals) as microseconds. */
  static long parseSecondsAsMicros(String value) {
    int dot = value.indexOf('.');
    if (dot < 0) {
      return Long.parseLong(value) * 1_000_000L;
    }
    long seconds = Long.parseLong(value.substring(0, dot));
    String fraction = (value.substring(dot + 1) + "000000").substring(0, 6);
    return seconds * 1_000_000L + Long.parseLong(fraction);
  }
}
