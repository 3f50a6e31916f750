package io.camstream.capture;

import io.camstream.config.ConfigException;
import java.util.Locale;

/** A camera source as written in config or on the command line: a type, or {@code type:argument}. */
public record SourceSpec(Type type, String argument) {

  public enum Type {
    AUTO("auto"), TEST("test"), USB("usb"), PI("pi"), PIPE("pipe"), MJPEG_URL("mjpeg-url");

    private final String text;

    Type(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  public static final String ALLOWED =
      "use auto, test, usb, usb:/dev/videoN, usb:N, pi, pipe:COMMAND or mjpeg-url:http://HOST/PATH";

  public static SourceSpec parse(String key, String text) {
    if (text == null || text.isBlank()) {
      throw ConfigException.badValue(key, text, ALLOWED);
    }
    int colon = text.indexOf(':');
    String name = (colon < 0 ? text : text.substring(0, colon)).trim();
    String argument = colon < 0 ? "" : text.substring(colon + 1).trim();
    Type type = switch (name.toLowerCase(Locale.ROOT)) {
      case "auto" -> Type.AUTO;
      case "test" -> Type.TEST;
      case "usb", "default" -> Type.USB;
      case "pi", "picamera" -> Type.PI;
      case "pipe" -> Type.PIPE;
      case "mjpeg-url", "http", "https" -> Type.MJPEG_URL;
      default -> throw ConfigException.badValue(key, text, ALLOWED);
    };
    if (name.equalsIgnoreCase("http") || name.equalsIgnoreCase("https")) {
      argument = text.trim();
    }
    switch (type) {
      case PIPE -> {
        if (argument.isEmpty()) {
          throw ConfigException.badValue(key, text,
              "pipe needs the command that writes M-JPEG to its stdout, e.g. pipe:ffmpeg -i /dev/video0 -c:v mjpeg -f mjpeg -");
        }
      }
      case MJPEG_URL -> {
        if (!argument.startsWith("http://") && !argument.startsWith("https://")) {
          throw ConfigException.badValue(key, withoutPassword(text), "mjpeg-url needs an http:// or https:// address, e.g. mjpeg-url:http://192.0.2.10:8080/stream");
        }
      }
      case USB -> {
        if (!argument.isEmpty() && !argument.matches("\\d{1,3}") && !argument.startsWith("/dev/")) {
          throw ConfigException.badValue(key, text, "usb takes a device index or path, e.g. usb:0 or usb:/dev/video2");
        }
      }
      case AUTO, TEST, PI -> {
        if (!argument.isEmpty()) {
          throw ConfigException.badValue(key, text, name + " takes no argument; " + ALLOWED);
        }
      }
      default -> throw new IllegalStateException();
    }
    return new SourceSpec(type, argument);
  }

  /** The spec as it may be shown (state, logs, /api/camera): a URL's password reads {@code ***}. */
  @Override
  public String toString() {
    if (argument.isEmpty()) {
      return type.text();
    }
    return type.text() + ":" + (type == Type.MJPEG_URL ? withoutPassword(argument) : argument);
  }

  /** {@code http://user:secret@host/} as {@code http://user:***@host/}; other text unchanged. */
  public static String withoutPassword(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return url;
    }
    int authorityStart = scheme + 3;
    int authorityEnd = url.length();
    for (char c : new char[] {'/', '?', '#'}) {
      int at = url.indexOf(c, authorityStart);
      if (at >= 0) {
        authorityEnd = Math.min(authorityEnd, at);
      }
    }
    int at = url.lastIndexOf('@', authorityEnd - 1);
    if (at < authorityStart) {
      return url;
    }
    int colon = url.indexOf(':', authorityStart);
    if (colon < 0 || colon > at) {
      return url;
    }
    return url.substring(0, colon) + ":***" + url.substring(at);
  }
}
