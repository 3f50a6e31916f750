package io.camstream.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Blocking file operations on media/; call them off the event loop. */
public final class MediaFiles {
  private MediaFiles() {
  }

  /** Thrown when the target exists: nothing is ever overwritten. Answered with 409. */
  public static final class AlreadyExistsException extends IOException {
    public AlreadyExistsException(String fileName) {
      super("media/" + fileName + " already exists; choose another filename or remove the old one first");
    }
  }

  /** Whether a write failed because the file system is full (ENOSPC) or the user's quota is used up (EDQUOT). */
  public static boolean isDiskFull(IOException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("No space left on device") || message.contains("Disk quota exceeded");
  }

  /**
   * Writes bytes to dir/name so that the name appears only once the whole file is on disk:
   * they go to a hidden temporary file first, which is then linked under the final name (a
   * link fails if the name exists, so a file written in between is not overwritten either).
   */
  public static Path writeNew(Path dir, String name, ByteBuffer bytes) throws IOException {
    Path target = dir.resolve(name);
    if (Files.exists(target)) {
      throw new AlreadyExistsException(name);
    }
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, ".writing-", ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer view = bytes.duplicate();
        while (view.hasRemaining()) {
          channel.write(view);
        }
        channel.force(true);
      }
      try {
        Files.createLink(target, temp);
      } catch (FileAlreadyExistsException e) {
        throw new AlreadyExistsException(name);
      } catch (UnsupportedOperationException | IOException noLinks) {
        if (Files.exists(target)) {
          throw new AlreadyExistsException(name);
        }
        // file systems without hard links (FAT on a USB stick): a plain rename
        Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      return target;
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
