package io.camstream.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Streams JPEG frames into an M-JPEG AVI file as they come, unchanged. Only the index
 * (8 bytes a frame) is kept in memory; the header is refreshed now and then, so even a
 * file cut short by a crash says how fast it was recorded, and {@link #finish()} appends
 * idx1 so players know every frame and the true duration.
 */
public final class AviWriter implements AutoCloseable {
  private static final byte[] CHUNK_ID = {'0', '0', 'd', 'c'};
  private final Path path;
  private final FileChannel channel;
  private final int width;
  private final int height;
  private final double fallbackFps;
  private final ByteBuffer chunkHeader = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
  private final ByteBuffer pad = ByteBuffer.allocate(1);
  /** Pairs of (offset from the movi fourcc, size) of every frame chunk. */
  private int[] index = new int[2 * 1024];
  private int frames;
  private int maxChunk;
  private long position = AviHeader.SIZE;
  private long firstCaptureNanos;
  private long lastCaptureNanos;
  private boolean finished;

  private AviWriter(Path path, FileChannel channel, int width, int height, double fallbackFps) {
    this.path = path;
    this.channel = channel;
    this.width = width;
    this.height = height;
    this.fallbackFps = fallbackFps;
  }

  /** Creates the file; it must not exist yet. */
  public static AviWriter create(Path path, int width, int height, double fallbackFps) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        StandardOpenOption.READ);
    AviWriter writer = new AviWriter(path, channel, width, height, fallbackFps);
    writer.writeHeader(false);
    return writer;
  }

  /** Takes over a file whose frames are already scanned (repair after a crash). */
  static AviWriter resume(Path path, FileChannel channel, int width, int height, double fps, int[] index, int frames,
      long position) {
    AviWriter writer = new AviWriter(path, channel, width, height, fps);
    writer.index = index;
    writer.frames = frames;
    writer.position = position;
    for (int i = 0; i < frames; i++) {
      writer.maxChunk = Math.max(writer.maxChunk, index[2 * i + 1]);
    }
    return writer;
  }

  public void write(ByteBuffer jpeg, long captureNanos) throws IOException {
    int size = jpeg.remaining();
    if (frames == 0) {
      firstCaptureNanos = captureNanos;
    }
    lastCaptureNanos = captureNanos;
    chunkHeader.clear();
    chunkHeader.put(CHUNK_ID).putInt(size).flip();
    ByteBuffer[] parts = (size & 1) == 1 ? new ByteBuffer[] {chunkHeader, jpeg.duplicate(), pad.clear()}
        : new ByteBuffer[] {chunkHeader, jpeg.duplicate()};
    long total = 8L + size + (size & 1);
    long written = 0;
    channel.position(position);
    while (written < total) {
      written += channel.write(parts);
    }
    if (2 * frames + 2 > index.length) {
      index = Arrays.copyOf(index, index.length * 2);
    }
    index[2 * frames] = (int) (position - AviHeader.MOVI_FOURCC);
    index[2 * frames + 1] = size;
    frames++;
    maxChunk = Math.max(maxChunk, size);
    position += total;
    if (frames % 30 == 0) {
      writeHeader(false);
    }
  }

  /** The rate the frames were captured at, from their capture times. */
  public double fps() {
    if (frames > 1 && lastCaptureNanos > firstCaptureNanos) {
      return (frames - 1) * 1e9 / (lastCaptureNanos - firstCaptureNanos);
    }
    return fallbackFps;
  }

  public int frames() {
    return frames;
  }

  /** Bytes in the file once finished (frames, header and index). */
  public long bytes() {
    return position + 8 + 16L * frames;
  }

  public long durationMillis() {
    return Math.round(frames * 1000 / fps());
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public Path path() {
    return path;
  }

  /** Appends idx1, completes the header and flushes to disk. */
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    ByteBuffer idx = ByteBuffer.allocate(8 + 16 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    channel.truncate(position);
    channel.position(position);
    idx.put(new byte[] {'i', 'd', 'x', '1'}).putInt(16 * frames);
    for (int i = 0; i < frames; i++) {
      if (!idx.hasRemaining()) {
        flush(idx);
      }
      idx.put(CHUNK_ID).putInt(0x10).putInt(index[2 * i]).putInt(index[2 * i + 1]);
    }
    flush(idx);
    writeHeader(true);
    channel.force(true);
  }

  private void flush(ByteBuffer buffer) throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  private void writeHeader(boolean indexed) throws IOException {
    long fileEnd = indexed ? position + 8 + 16L * frames : position;
    ByteBuffer header = AviHeader.build(width, height, frames, fps(), maxChunk, position, fileEnd, indexed);
    long at = 0;
    while (header.hasRemaining()) {
      at += channel.write(header, at);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
