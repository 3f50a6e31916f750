package io.camstream.media;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns a user-given name into a plain file name inside media/. The old server joined the
 * name onto the folder as given, so "../x" or "/etc/x" wrote anywhere; here such names are
 * refused with a reason instead of being silently rewritten.
 */
public final class FileNames {
  /**
   * Bytes of UTF-8, extension included. File systems allow 255 bytes per name, and the
   * server's own files about an item are longer: a recording's marker ".NAME.recording",
   * its later parts "NAME_part12.avi" with their markers (up to 27 bytes more).
   */
  public static final int MAX_BYTES = 200;

  /** Ends the hidden marker the recorder keeps beside a part while it writes it (and until it is listed). */
  public static final String RECORDING_MARKER_SUFFIX = ".recording";

  private FileNames() {
  }

  /** The marker beside a recording part being written: ".NAME.avi.recording". */
  public static String recordingMarker(String partName) {
    return "." + partName + RECORDING_MARKER_SUFFIX;
  }

  /**
   * The file name for a new item: spaces become underscores and the extension is added
   * unless the name already ends with it.
   *
   * @param extension with its dot, e.g. ".jpg"
   */
  public static String forNew(String requested, String extension) {
    String name = check(requested);
    if (!name.toLowerCase(Locale.ROOT).endsWith(extension)) {
      name = name + extension;
    }
    checkLength(name);
    return name;
  }

  /** A name that refers to an existing item in media/ (same rules, no extension added). */
  public static String existing(String requested) {
    String name = check(requested);
    checkLength(name);
    return name;
  }

  private static void checkLength(String name) {
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      throw new BadFileNameException("filename is too long (" + bytes + " bytes in UTF-8 with its extension); use at most "
          + MAX_BYTES + " bytes: " + MAX_BYTES + " plain letters, or fewer accented letters or characters of other scripts");
    }
  }

  private static String check(String requested) {
    if (requested == null || requested.isBlank()) {
      throw new BadFileNameException("filename is empty; add ?filename=NAME (letters, digits, - and _)");
    }
    String name = requested.strip().replace(' ', '_');
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == '\\') {
        throw new BadFileNameException("filename must not contain / or \\: give a plain name, files always go into media/");
      }
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
          || Character.getType(c) == Character.LINE_SEPARATOR || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
        throw new BadFileNameException("filename must not contain control characters (character " + i + " is U+"
            + String.format("%04X", (int) c) + ")");
      }
      if (Character.isSurrogate(c) && !Character.isValidCodePoint(name.codePointAt(i))) {
        throw new BadFileNameException("filename contains a broken character at position " + i);
      }
    }
    if (name.contains("%") || name.contains("?") || name.contains("#")) {
      throw new BadFileNameException("filename must not contain %, ? or # (they break the file's web address)");
    }
    if (name.contains("..")) {
      throw new BadFileNameException("filename must not contain \"..\"");
    }
    if (name.startsWith(".")) {
      throw new BadFileNameException("filename must not start with a dot (hidden files are reserved for the server)");
    }
    if (name.endsWith(".")) {
      // the extension would follow the dot ("abc..jpg"), and some file systems drop a final dot
      throw new BadFileNameException("filename must not end with a dot; leave the dot out or give the extension");
    }
    if (name.equalsIgnoreCase("media.db") || name.toLowerCase(Locale.ROOT).startsWith("media.db-")) {
      throw new BadFileNameException("filename " + name + " is the media database; choose another name");
    }
    return name;
  }

  /** What kind of item a file is, from its extension. */
  public static String kind(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".jpg") || lower.endsWith(".jpeg") || lower.endsWith(".png")) {
      return "picture";
    }
    if (lower.endsWith(".avi") || lower.endsWith(".mp4") || lower.endsWith(".mkv")) {
      return "video";
    }
    return "other";
  }
}
