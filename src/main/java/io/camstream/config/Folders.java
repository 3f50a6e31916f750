package io.camstream.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Folders the server writes in, and what to tell the user when one cannot be used. */
public final class Folders {
  private Folders() {
  }

  /**
   * Creates {@code dir} if needed and checks this process may write in it.
   *
   * @param what what the folder is for, e.g. "the media folder (media.dir)"
   * @throws IllegalStateException whose message names the folder, the fault and what to do
   */
  public static void prepare(Path dir, String what) {
    Path absolute = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(absolute);
    } catch (IOException e) {
      throw new IllegalStateException("cannot use " + absolute + " as " + what + ": " + describe(absolute, e));
    }
    if (!Files.isWritable(absolute) || !Files.isExecutable(absolute)) {
      throw new IllegalStateException("cannot use " + absolute + " as " + what + ": user " + user()
          + " may not write in it (" + owner(absolute) + "); give that user write permission (chown or chmod u+rwx),"
          + " or choose another folder");
    }
  }

  /** Why a file operation on {@code path} failed, in words a user can act on. */
  public static String describe(Path path, IOException e) {
    Path absolute = path.toAbsolutePath().normalize();
    Path file = firstFileOnTheWay(absolute);
    if (file != null) {
      return file + " is a file, not a folder; move it away or choose another path";
    }
    if (e instanceof AccessDeniedException) {
      Path existing = firstExisting(absolute);
      return "permission denied: user " + user() + " may not write in " + existing + " (" + owner(existing)
          + "); give that user write permission (chown or chmod u+rwx), or choose another path";
    }
    if (e instanceof NoSuchFileException) {
      return absolute + " does not exist";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "something that is not a folder is in the way at " + absolute;
    }
    String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
    return reason == null ? e.getClass().getSimpleName() : reason;
  }

  /** The path itself or an ancestor that exists and is not a folder, or null. */
  private static Path firstFileOnTheWay(Path absolute) {
    for (Path p = absolute; p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        return Files.isDirectory(p) ? null : p;
      }
    }
    return null;
  }

  private static Path firstExisting(Path absolute) {
    Path p = absolute;
    while (p.getParent() != null && !Files.exists(p)) {
      p = p.getParent();
    }
    return p;
  }

  private static String user() {
    return System.getProperty("user.name");
  }

  private static String owner(Path path) {
    try {
      return "owner " + Files.getOwner(path).getName() + ", mode "
          + PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    } catch (IOException | UnsupportedOperationException e) {
      return "owner unknown";
    }
  }
}
