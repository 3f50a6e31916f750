package io.camstream.media;

import io.camstream.format.AviIndex;
import io.camstream.format.JpegInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * What a file in media/ says about itself, read from its own headers: a picture's size, an
 * AVI's picture size, frame count and duration. So a file listed again (after a new list, or
 * by the db command) keeps what its first listing knew. Blocking: call off the event loop.
 *
 * @param width null when the file does not say (also for every other field)
 */
record FileFacts(Integer width, Integer height, Long durationMillis, Long frames) {
  static final FileFacts NONE = new FileFacts(null, null, null, null);
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  /** Never fails: a file that cannot be read or understood says nothing. */
  static FileFacts of(Path file) {
    try {
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".avi")) {
        AviIndex index = AviIndex.read(file);
        if (index.frames() == 0) {
          return NONE;
        }
        int[] size = JpegInfo.dimensions(firstFrame(file, index));
        return new FileFacts(size == null ? null : size[0], size == null ? null : size[1],
            Math.round(index.frames() * 1000 / index.fps()), (long) index.frames());
      }
      if (name.endsWith(".png")) {
        return png(file);
      }
      if (FileNames.kind(name).equals("picture")) {
        int[] size = JpegInfo.dimensions(Files.readAllBytes(file));
        return size == null ? NONE : new FileFacts(size[0], size[1], null, null);
      }
    } catch (IOException | RuntimeException unreadable) {
      return NONE;
    }
    return NONE;
  }

  /** The picture of an item: a picture's bytes, or a video's first frame. */
  static byte[] firstPicture(Path item) throws IOException {
    if (item.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".avi")) {
      AviIndex index = AviIndex.read(item);
      if (index.frames() == 0) {
        throw new IOException(item.getFileName() + " holds no frame");
      }
      return firstFrame(item, index);
    }
    if (!FileNames.kind(item.getFileName().toString()).equals("picture")) {
      throw new IOException(item.getFileName() + " is neither a picture nor an AVI video");
    }
    return Files.readAllBytes(item);
  }

  private static byte[] firstFrame(Path avi, AviIndex index) throws IOException {
    try (FileChannel channel = FileChannel.open(avi, StandardOpenOption.READ)) {
      return index.read(channel, 0);
    }
  }

  /** Width and height are the first fields of the IHDR chunk, which follows the signature. */
  private static FileFacts png(Path file) throws IOException {
    byte[] head = new byte[24];
    try (InputStream in = Files.newInputStream(file)) {
      if (in.readNBytes(head, 0, head.length) < head.length) {
        return NONE;
      }
    }
    ByteBuffer b = ByteBuffer.wrap(head);
    for (int i = 0; i < PNG_SIGNATURE.length; i++) {
      if (head[i] != PNG_SIGNATURE[i]) {
        return NONE;
      }
    }
    return new FileFacts(b.getInt(16), b.getInt(20), null, null);
  }
}
