package io.camstream.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Finishes an AVI left without an index by a crash or power cut: walks the frame chunks
 * after the header, cuts off a half-written last one, and appends the index with the
 * frame rate the header last recorded.
 */
public final class AviRepair {
  private AviRepair() {
  }

  /** Repairs in place; answers the finished file's facts, or null if it holds no whole frame. */
  public static AviWriter repair(Path path, double fallbackFps) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      long length = channel.size();
      ByteBuffer header = ByteBuffer.allocate(AviHeader.SIZE).order(ByteOrder.LITTLE_ENDIAN);
      while (header.hasRemaining() && channel.read(header, header.position()) > 0) {
        // reads the header
      }
      header.flip();
      if (!AviHeader.looksLikeOurs(header)) {
        channel.close();
        return null;
      }
      int width = header.getInt(64);
      int height = header.getInt(68);
      double fps = AviHeader.fps(header);
      int[] index = new int[2 * 1024];
      int frames = 0;
      long position = AviHeader.SIZE;
      ByteBuffer chunk = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      while (position + 8 <= length) {
        chunk.clear();
        while (chunk.hasRemaining() && channel.read(chunk, position + chunk.position()) > 0) {
          // reads the chunk header
        }
        if (!AviHeader.fourccAt(chunk, 0).equals("00dc")) {
          break;
        }
        long size = chunk.getInt(4) & 0xFFFFFFFFL;
        long next = position + 8 + size + (size & 1);
        if (position + 8 + size > length) {
          break;
        }
        if (2 * frames + 2 > index.length) {
          index = Arrays.copyOf(index, index.length * 2);
        }
        index[2 * frames] = (int) (position - AviHeader.MOVI_FOURCC);
        index[2 * frames + 1] = (int) size;
        frames++;
        position = Math.min(next, length);
      }
      if (frames == 0) {
        channel.close();
        return null;
      }
      AviWriter writer = AviWriter.resume(path, channel, width, height, fps > 0 ? fps : fallbackFps, index, frames, position);
      writer.finish();
      writer.close();
      return writer;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }
}
