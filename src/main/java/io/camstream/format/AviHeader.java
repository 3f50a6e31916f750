package io.camstream.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The fixed-size head of an M-JPEG AVI file (RIFF, hdrl with avih, strh and strf, and the
 * start of the movi list). Its size never changes, so it can be rewritten in place with
 * the current frame count and rate while the frames after it stay where they are.
 */
final class AviHeader {
  /** Bytes before the first frame chunk. */
  static final int SIZE = 224;
  /** Position of the "movi" fourcc; idx1 offsets count from here. */
  static final int MOVI_FOURCC = 220;
  static final int RATE_SCALE = 1000;

  private AviHeader() {
  }

  /**
   * @param moviEnd file position just after the last frame chunk
   * @param fileEnd file length (after idx1 when there is one)
   */
  static ByteBuffer build(int width, int height, long frames, double fps, int maxChunk, long moviEnd, long fileEnd,
      boolean indexed) {
    ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    long usPerFrame = Math.round(1_000_000 / fps);
    fourcc(b, "RIFF");
    b.putInt((int) (fileEnd - 8));
    fourcc(b, "AVI ");
    fourcc(b, "LIST");
    b.putInt(192);
    fourcc(b, "hdrl");
    fourcc(b, "avih");
    b.putInt(56);
    b.putInt((int) usPerFrame);
    b.putInt((int) Math.min(Integer.MAX_VALUE, Math.round(maxChunk * fps)));
    b.putInt(0);
    b.putInt(indexed ? 0x10 : 0); // AVIF_HASINDEX
    b.putInt((int) frames);
    b.putInt(0);
    b.putInt(1);
    b.putInt(maxChunk);
    b.putInt(width);
    b.putInt(height);
    b.putInt(0).putInt(0).putInt(0).putInt(0);
    fourcc(b, "LIST");
    b.putInt(116);
    fourcc(b, "strl");
    fourcc(b, "strh");
    b.putInt(56);
    fourcc(b, "vids");
    fourcc(b, "MJPG");
    b.putInt(0);
    b.putShort((short) 0).putShort((short) 0);
    b.putInt(0);
    b.putInt(RATE_SCALE);
    b.putInt((int) Math.round(fps * RATE_SCALE));
    b.putInt(0);
    b.putInt((int) frames);
    b.putInt(maxChunk);
    b.putInt(-1);
    b.putInt(0);
    b.putShort((short) 0).putShort((short) 0).putShort((short) width).putShort((short) height);
    fourcc(b, "strf");
    b.putInt(40);
    b.putInt(40);
    b.putInt(width);
    b.putInt(height);
    b.putShort((short) 1).putShort((short) 24);
    fourcc(b, "MJPG");
    b.putInt(width * height * 3);
    b.putInt(0).putInt(0).putInt(0).putInt(0);
    fourcc(b, "LIST");
    b.putInt((int) (moviEnd - MOVI_FOURCC));
    fourcc(b, "movi");
    b.flip();
    return b;
  }

  /** The frame rate written in a header, or 0 when it has none. */
  static double fps(ByteBuffer header) {
    ByteBuffer b = header.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int scale = b.getInt(12 + 12 + 64 + 12 + 8 + 20);
    int rate = b.getInt(12 + 12 + 64 + 12 + 8 + 24);
    return scale > 0 && rate > 0 ? (double) rate / scale : 0;
  }

  static boolean looksLikeOurs(ByteBuffer header) {
    return header.remaining() >= SIZE && fourccAt(header, 0).equals("RIFF") && fourccAt(header, 8).equals("AVI ")
        && fourccAt(header, MOVI_FOURCC).equals("movi");
  }

  static String fourccAt(ByteBuffer b, int at) {
    byte[] four = new byte[4];
    for (int i = 0; i < 4; i++) {
      four[i] = b.get(at + i);
    }
    return new String(four, StandardCharsets.US_ASCII);
  }

  static void fourcc(ByteBuffer b, String code) {
    b.put(code.getBytes(StandardCharsets.US_ASCII));
  }
}
