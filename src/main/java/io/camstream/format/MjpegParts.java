package io.camstream.format;

import java.nio.charset.StandardCharsets;

/**
 * The multipart framing of an M-JPEG HTTP stream (/video_feed, playback): each part is its
 * headers, the JPEG, CRLF and the next boundary line right after it, so browsers show the
 * picture at once instead of one frame late.
 */
public final class MjpegParts {
  /** The multipart boundary. */
  public static final String BOUNDARY = "frame";
  /** The Content-Type of a stream made of these parts. */
  public static final String CONTENT_TYPE = "multipart/x-mixed-replace; boundary=" + BOUNDARY;
  private static final byte[] BOUNDARY_LINE = ("--" + BOUNDARY + "\r\n").getBytes(StandardCharsets.US_ASCII);

  private MjpegParts() {
  }

  /** The part headers (ending with the blank line) for a JPEG of this length. */
  public static byte[] headers(int jpegLength, String timestamp, boolean noSignal) {
    return ("Content-Type: image/jpeg\r\nContent-Length: " + jpegLength
        + "\r\nX-Timestamp: " + timestamp + (noSignal ? "\r\nX-No-Signal: 1" : "")
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** What follows the JPEG: CRLF and the next boundary line. */
  public static byte[] trailer() {
    byte[] trailer = new byte[2 + BOUNDARY_LINE.length];
    trailer[0] = '\r';
    trailer[1] = '\n';
    System.arraycopy(BOUNDARY_LINE, 0, trailer, 2, BOUNDARY_LINE.length);
    return trailer;
  }

  /** The first bytes of a stream, before the first part. */
  public static byte[] preamble() {
    return BOUNDARY_LINE.clone();
  }
}
