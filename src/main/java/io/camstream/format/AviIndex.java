package io.camstream.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Where each video frame of an AVI file lies, found by walking the chunks of its movi list
 * (so it works for files without an index too, ours or OpenCV's), and the rate from the
 * video stream header. For playback and thumbnails.
 */
public final class AviIndex {
  private final double fps;
  private final long[] positions;
  private final int[] sizes;

  private AviIndex(double fps, long[] positions, int[] sizes) {
    this.fps = fps;
    this.positions = positions;
    this.sizes = sizes;
  }

  public double fps() {
    return fps;
  }

  public int frames() {
    return positions.length;
  }

  /** File position of frame n's JPEG bytes. */
  public long position(int n) {
    return positions[n];
  }

  public int size(int n) {
    return sizes[n];
  }

  public byte[] read(FileChannel channel, int n) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(sizes[n]);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, positions[n] + buffer.position()) < 0) {
        throw new IOException("the file ends inside frame " + n);
      }
    }
    return buffer.array();
  }

  public static AviIndex read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long length = channel.size();
      ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, head, 0);
      if (!fourcc(head, 0).equals("RIFF") || !fourcc(head, 8).equals("AVI ")) {
        throw new IOException(file.getFileName() + " is not an AVI file");
      }
      double fps = 0;
      long[] positions = new long[1024];
      int[] sizes = new int[1024];
      int frames = 0;
      long position = 12;
      long end = length;
      ByteBuffer chunk = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      while (position + 8 <= end) {
        chunk.clear();
        chunk.limit((int) Math.min(12, end - position));
        readFully(channel, chunk, position);
        String id = fourcc(chunk, 0);
        long size = chunk.getInt(4) & 0xFFFFFFFFL;
        if (id.equals("LIST") || id.equals("RIFF")) {
          String type = chunk.limit() >= 12 ? fourcc(chunk, 8) : "";
          if (type.equals("hdrl")) {
            fps = streamRate(channel, position + 12, Math.min(end, position + 8 + size));
          }
          // descend into lists (hdrl, movi, rec, AVIX of OpenDML files)
          position += 12;
          continue;
        }
        boolean frame = id.length() == 4 && (id.endsWith("dc") || id.endsWith("db"))
            && Character.isDigit(id.charAt(0)) && Character.isDigit(id.charAt(1));
        if (frame && size > 0 && position + 8 + size <= end) {
          if (frames == positions.length) {
            positions = Arrays.copyOf(positions, frames * 2);
            sizes = Arrays.copyOf(sizes, frames * 2);
          }
          positions[frames] = position + 8;
          sizes[frames] = (int) size;
          frames++;
        }
        position += 8 + size + (size & 1);
      }
      return new AviIndex(fps > 0 ? fps : 30, Arrays.copyOf(positions, frames), Arrays.copyOf(sizes, frames));
    }
  }

  /** dwRate / dwScale of the first video stream header in hdrl. */
  private static double streamRate(FileChannel channel, long from, long to) throws IOException {
    int length = (int) Math.min(to - from, 64 * 1024);
    ByteBuffer hdrl = ByteBuffer.allocate(Math.max(0, length)).order(ByteOrder.LITTLE_ENDIAN);
    readFully(channel, hdrl, from);
    for (int i = 0; i + 8 + 28 <= hdrl.limit(); i++) {
      if (fourcc(hdrl, i).equals("strh") && fourcc(hdrl, i + 8).equals("vids")) {
        int scale = hdrl.getInt(i + 8 + 20);
        int rate = hdrl.getInt(i + 8 + 24);
        return scale > 0 && rate > 0 ? (double) rate / scale : 0;
      }
    }
    return 0;
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long at) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, at + buffer.position()) < 0) {
        break;
      }
    }
    buffer.flip();
  }

  private static String fourcc(ByteBuffer b, int at) {
    if (at + 4 > b.limit()) {
      return "";
    }
    byte[] four = new byte[4];
    for (int i = 0; i < 4; i++) {
      four[i] = b.get(at + i);
    }
    return new String(four, StandardCharsets.US_ASCII);
  }
}
