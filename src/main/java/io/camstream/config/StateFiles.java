package io.camstream.config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Small state files the server keeps between runs (users, the light's last state): written
 * beside the target and moved over it, so a crash leaves the old file or the new one, never half.
 */
public final class StateFiles {
  private StateFiles() {
  }

  /**
   * Replaces {@code target} with {@code text} in one rename, the bytes on disk before it, so a
   * power cut leaves the old file or the new one, never half of either.
   *
   * @param ownerOnly readable by its owner only (0600) where the file system allows; otherwise
   *     the file keeps the permissions it had, and a new one is rw-r--r--
   */
  public static void replace(Path target, String text, boolean ownerOnly) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    Path temp = ownerOnly && posix
        ? Files.createTempFile(dir, ".camstream", ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
        : Files.createTempFile(dir, ".camstream", ".tmp");
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      if (!ownerOnly && posix) {
        Files.setPosixFilePermissions(temp, Files.exists(target) ? Files.getPosixFilePermissions(target)
            : PosixFilePermissions.fromString("rw-r--r--"));
      }
      try {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
