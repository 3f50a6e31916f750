package io.camstream.media;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Maps item names to files inside media/, never outside it. */
public final class MediaPaths {
  private final Path dir;

  public MediaPaths(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  public Path dir() {
    return dir;
  }

  /**
   * The file of an item, or null when the name is not a plain name directly inside media/
   * (after URL decoding by the router, so any encoding of ".." ends here as "..").
   */
  public Path resolve(String fileName) {
    String name;
    try {
      name = FileNames.existing(fileName);
    } catch (BadFileNameException e) {
      return null;
    }
    Path path = dir.resolve(name).normalize();
    if (!dir.equals(path.getParent())) {
      return null;
    }
    if (Files.isSymbolicLink(path)) {
      return null;
    }
    return path;
  }

  /** The file if it exists as a regular file inside media/. */
  public Path existingFile(String fileName) {
    Path path = resolve(fileName);
    return path != null && Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? path : null;
  }

  public static String urlEncode(String fileName) {
    return URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
