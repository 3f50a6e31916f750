package io.camstream.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Writes the {@code cameras} list back into a JSON configuration file when a camera is added
 * or removed at run time. Only that value's text changes: the user's comments, order and
 * every other key stay as written. The new file replaces the old one in one rename, so a
 * crash leaves either the old or the new file, never half of one.
 */
public final class CameraFile {
  private final Path file;

  public CameraFile(Path file) {
    this.file = file;
  }

  public Path path() {
    return file;
  }

  /** Rewrites the file's {@code cameras} list (an empty one when it has none, or no file yet). */
  public void update(UnaryOperator<JsonArray> change) throws IOException {
    String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "{\n}\n";
    JsonObject before = JsonWithComments.parse(text, "config file " + file);
    Object listed = before.getValue("cameras");
    JsonArray cameras = listed instanceof JsonArray array ? array.copy() : new JsonArray();
    String updated = withCameras(text, change.apply(cameras));
    JsonObject after = JsonWithComments.parse(updated, "the rewritten config file " + file);
    if (!after.getValue("cameras").equals(change.apply(cameras.copy()))) {
      throw new IOException("could not rewrite the cameras list of " + file + " safely; it is left as it was");
    }
    replace(updated);
  }

  /** The text with the top-level "cameras" value replaced by {@code cameras}, or added last. */
  static String withCameras(String text, JsonArray cameras) {
    String value = cameras.encodePrettily().replace("\n", "\n  ");
    int depth = 0;
    int lastClose = -1;
    int lastContent = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
        i = lineEnd(text, i) - 1;
      } else if (c == '"') {
        int end = stringEnd(text, i);
        if (depth == 1 && text.substring(i + 1, end - 1).equals("cameras") && next(text, end) == ':') {
          int start = skipBlank(text, text.indexOf(':', end) + 1);
          int stop = valueEnd(text, start);
          return text.substring(0, start) + value + text.substring(stop);
        }
        lastContent = end - 1;
        i = end - 1;
      } else if (c == '{' || c == '[') {
        depth++;
        lastContent = i;
      } else if (c == '}' || c == ']') {
        depth--;
        if (depth == 0) {
          lastClose = i;
          break;
        }
        lastContent = i;
      } else if (!Character.isWhitespace(c)) {
        lastContent = i;
      }
    }
    if (lastClose < 0) {
      throw new ConfigException("the config file is not one JSON object { ... }");
    }
    boolean empty = text.charAt(lastContent) == '{';
    // a comment after the last value stays where it was, before the list
    String between = text.substring(lastContent + 1, lastClose).stripTrailing();
    return text.substring(0, lastContent + 1) + (empty ? "" : ",") + between + "\n  \"cameras\": " + value + "\n"
        + text.substring(lastClose);
  }

  private static int lineEnd(String text, int from) {
    int end = text.indexOf('\n', from);
    return end < 0 ? text.length() : end;
  }

  /** The index after the closing quote of the string starting at {@code start}. */
  private static int stringEnd(String text, int start) {
    for (int i = start + 1; i < text.length(); i++) {
      if (text.charAt(i) == '\\') {
        i++;
      } else if (text.charAt(i) == '"') {
        return i + 1;
      }
    }
    return text.length();
  }

  private static int skipBlank(String text, int from) {
    int i = from;
    while (i < text.length()) {
      if (Character.isWhitespace(text.charAt(i))) {
        i++;
      } else if (text.startsWith("//", i)) {
        i = lineEnd(text, i);
      } else {
        break;
      }
    }
    return i;
  }

  private static char next(String text, int from) {
    int i = skipBlank(text, from);
    return i < text.length() ? text.charAt(i) : 0;
  }

  /** The end of the JSON value starting at {@code start}: a nested value, a string, or a bare word. */
  private static int valueEnd(String text, int start) {
    int depth = 0;
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        i = stringEnd(text, i) - 1;
        if (depth == 0) {
          return i + 1;
        }
      } else if (c == '/' && text.startsWith("//", i)) {
        i = lineEnd(text, i) - 1;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (depth == 0) {
          return i;
        }
        if (--depth == 0) {
          return i + 1;
        }
      } else if (depth == 0 && (c == ',' || Character.isWhitespace(c))) {
        return i;
      }
    }
    return text.length();
  }

  private void replace(String text) throws IOException {
    StateFiles.replace(file, text, false);
  }

}
