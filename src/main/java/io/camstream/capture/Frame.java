package io.camstream.capture;

import io.camstream.format.MjpegParts;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;

/**
 * One picture from the camera: immutable JPEG bytes and when they were captured. A frame
 * is shared by every consumer (see {@link FrameCodec}); nobody may modify its bytes.
 */
public final class Frame {
  private static final byte[] TRAILER = MjpegParts.trailer();

  private final byte[] jpeg;
  private final int width;
  private final int height;
  private final long sequence;
  private final long captureNanos;
  private final long captureEpochMicros;
  private final boolean placeholder;
  private volatile Buffer part;

  /**
   * @param captureNanos {@link System#nanoTime()} at capture, for intervals
   * @param captureEpochMicros wall-clock capture time, for timestamps others can compare
   * @param placeholder true for the "no signal" picture shown while the camera is offline
   */
  public Frame(byte[] jpeg, int width, int height, long sequence, long captureNanos,
      long captureEpochMicros, boolean placeholder) {
    this.jpeg = jpeg;
    this.width = width;
    this.height = height;
    this.sequence = sequence;
    this.captureNanos = captureNanos;
    this.captureEpochMicros = captureEpochMicros;
    this.placeholder = placeholder;
  }

  /** A read-only view of the JPEG bytes. */
  public ByteBuffer jpeg() {
    return ByteBuffer.wrap(jpeg).asReadOnlyBuffer();
  }

  public int jpegSize() {
    return jpeg.length;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public long sequence() {
    return sequence;
  }

  public long captureNanos() {
    return captureNanos;
  }

  public long captureEpochMicros() {
    return captureEpochMicros;
  }

  public boolean placeholder() {
    return placeholder;
  }

  /** Capture time as Unix seconds with six decimals, the X-Timestamp header value. */
  public String timestamp() {
    long micros = captureEpochMicros;
    String fraction = Long.toString(1_000_000 + micros % 1_000_000).substring(1);
    return (micros / 1_000_000) + "." + fraction;
  }

  /**
   * The whole multipart part for /video_feed: part headers, the JPEG and the next boundary
   * line right after it (so browsers show the picture at once instead of one frame late).
   * Built once per frame in direct memory and written as-is to every viewer, so sockets
   * take it without a per-viewer copy.
   */
  public Buffer mjpegPart() {
    Buffer built = part;
    if (built == null) {
      synchronized (this) {
        built = part;
        if (built == null) {
          built = buildPart();
          part = built;
        }
      }
    }
    return built;
  }

  private Buffer buildPart() {
    byte[] headers = MjpegParts.headers(jpeg.length, timestamp(), placeholder);
    int size = headers.length + jpeg.length + TRAILER.length;
    // A JDK direct buffer is freed by its cleaner once no write holds it any more.
    ByteBuf buf = Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(size));
    buf.clear();
    buf.writeBytes(headers).writeBytes(jpeg).writeBytes(TRAILER);
    return BufferInternal.buffer(buf);
  }

  /** The first bytes of a /video_feed body, before the first part. */
  public static Buffer streamPreamble() {
    return Buffer.buffer(MjpegParts.preamble());
  }
}
