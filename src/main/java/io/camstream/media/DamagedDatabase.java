package io.camstream.media;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A media.db SQLite cannot read. Its bytes are always kept, as media.db.damaged-TIME (with
 * its -wal beside it), so a rebuild or a later repair with sqlite3's .recover loses nothing.
 */
final class DamagedDatabase {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private DamagedDatabase() {
  }

  /** Copies the damaged file aside once: a copy with the same bytes already kept (an earlier start) is enough. */
  static Path keepAside(Path database) {
    String prefix = database.getFileName() + ".damaged-";
    try {
      try (DirectoryStream<Path> kept = Files.newDirectoryStream(database.getParent(), prefix + "*")) {
        for (Path copy : kept) {
          if (!copy.getFileName().toString().endsWith("-wal") && Files.mismatch(copy, database) == -1) {
            return copy;
          }
        }
      }
      Path aside = database.resolveSibling(prefix + LocalDateTime.now().format(STAMP));
      Files.copy(database, aside, StandardCopyOption.COPY_ATTRIBUTES);
      Path wal = database.resolveSibling(database.getFileName() + "-wal");
      if (Files.exists(wal)) {
        Files.copy(wal, aside.resolveSibling(aside.getFileName() + "-wal"), StandardCopyOption.COPY_ATTRIBUTES);
      }
      return aside;
    } catch (IOException e) {
      throw new IllegalStateException("could not keep a copy of the damaged " + database + " (" + e.getMessage()
          + "); copy it somewhere safe by hand before anything else", e);
    }
  }

  /** Keeps the damaged file aside, then takes it (and its -wal and -shm) away so a new one can be made. */
  static Path replace(Path database) throws IOException {
    Path aside = keepAside(database);
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Files.deleteIfExists(database.resolveSibling(database.getFileName() + suffix));
    }
    return aside;
  }
}
