package io.camstream.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/** Parses JSON that may carry {@code //} line comments, as conf/config.json does to document itself. */
public final class JsonWithComments {
  private JsonWithComments() {
  }

  public static JsonObject parse(String text, String origin) {
    try {
      return new JsonObject(stripComments(text));
    } catch (DecodeException e) {
      throw new ConfigException(origin + " is not valid JSON: " + e.getMessage());
    }
  }

  /** Removes {@code //} comments outside strings, keeping line breaks so parse errors point at the right line. */
  static String stripComments(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean inString = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        out.append(c);
        if (c == '\\' && i + 1 < text.length()) {
          out.append(text.charAt(++i));
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
        out.append(c);
      } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
        if (i < text.length()) {
          out.append('\n');
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
