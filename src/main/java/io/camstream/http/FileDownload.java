package io.camstream.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.file.FileProps;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/**
 * Answers GET and HEAD for one file the way browsers, video players and download tools
 * expect (RFC 9110): an ETag and Last-Modified, 304 to a matching If-None-Match or
 * If-Modified-Since, one byte range (first-last, first-, or a suffix -N), If-Range, and 416
 * for a range past the end. A request for several ranges gets the whole file, which RFC 9110
 * section 14.2 allows. Files may be replaced under the same name (a deleted recording, a new
 * one), so caches revalidate every time ({@code no-cache}); the ETag makes that a 304.
 */
public final class FileDownload {
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
  private static final Map<String, String> TYPES = Map.of(
      "jpg", "image/jpeg", "jpeg", "image/jpeg", "png", "image/png", "avi", "video/x-msvideo",
      "mp4", "video/mp4", "mkv", "video/x-matroska", "txt", "text/plain; charset=utf-8");

  /** The bytes to send: first to last inclusive. */
  record Range(long first, long last) {
    long length() {
      return last - first + 1;
    }
  }

  /** What a Range header asks of a file of {@code size} bytes. */
  sealed interface Asked permits Whole, Part, Unsatisfiable {
  }

  record Whole() implements Asked {
  }

  record Part(Range range) implements Asked {
  }

  record Unsatisfiable() implements Asked {
  }

  private FileDownload() {
  }

  /** Sends {@code file} (already checked to be one the caller may serve) or 404 if it went meanwhile. */
  public static void send(RoutingContext ctx, Path file) {
    ctx.vertx().fileSystem().props(file.toString()).onComplete(props -> {
      if (props.failed() || !props.result().isRegularFile()) {
        notFound(ctx.response());
        return;
      }
      answer(ctx, file, props.result());
    });
  }

  private static void answer(RoutingContext ctx, Path file, FileProps props) {
    HttpServerResponse response = ctx.response();
    long size = props.size();
    // HTTP dates have whole seconds; the ETag keeps the milliseconds
    long modifiedSeconds = props.lastModifiedTime() / 1000;
    String etag = etag(size, props.lastModifiedTime());
    String lastModified = HTTP_DATE.format(Instant.ofEpochSecond(modifiedSeconds));
    String cacheControl = response.headers().get("Cache-Control");
    response.putHeader("ETag", etag)
        .putHeader("Last-Modified", lastModified)
        .putHeader("Accept-Ranges", "bytes")
        .putHeader("Cache-Control", cacheControl != null && cacheControl.contains("private") ? "private, no-cache" : "no-cache");
    if (notModified(ctx.request().getHeader("If-None-Match"), ctx.request().getHeader("If-Modified-Since"), etag,
        modifiedSeconds)) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader("Content-Type", contentType(file));
    String ifRange = ctx.request().getHeader("If-Range");
    Asked asked = ctx.request().method() == HttpMethod.GET && (ifRange == null || ifRange.equals(etag)
        || ifRange.equals(lastModified)) ? asked(ctx.request().getHeader("Range"), size) : new Whole();
    if (asked instanceof Unsatisfiable) {
      response.setStatusCode(416).putHeader("Content-Range", "bytes */" + size)
          .putHeader("Content-Type", "text/plain; charset=utf-8")
          .end("the range is past the end of the file (" + size + " bytes)");
      return;
    }
    Range range = asked instanceof Part part ? part.range() : new Range(0, size - 1);
    if (asked instanceof Part) {
      response.setStatusCode(206).putHeader("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + size);
    }
    if (ctx.request().method() == HttpMethod.HEAD || size == 0) {
      response.putHeader("Content-Length", String.valueOf(Math.max(0, range.length()))).end();
      return;
    }
    response.sendFile(file.toString(), range.first(), range.length()).onFailure(e -> {
      if (!response.headWritten()) {
        notFound(response);
      }
    });
  }

  /** A strong validator that changes when the file is replaced or grows. */
  static String etag(long size, long modifiedMillis) {
    return "\"" + Long.toHexString(size) + "-" + Long.toHexString(modifiedMillis) + "\"";
  }

  /** If-None-Match wins over If-Modified-Since (RFC 9110 section 13.2.2); either may be absent. */
  static boolean notModified(String ifNoneMatch, String ifModifiedSince, String etag, long modifiedSeconds) {
    if (ifNoneMatch != null) {
      for (String tag : ifNoneMatch.split(",")) {
        String t = tag.trim();
        // weak comparison: W/"x" matches "x"
        if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
          return true;
        }
      }
      return false;
    }
    if (ifModifiedSince == null) {
      return false;
    }
    try {
      return modifiedSeconds <= ZonedDateTime.parse(ifModifiedSince.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
          .toEpochSecond();
    } catch (DateTimeParseException notADate) {
      return false;
    }
  }

  /** The part of a file of {@code size} bytes a Range header asks for; anything not understood asks the whole. */
  static Asked asked(String header, long size) {
    if (header == null) {
      return new Whole();
    }
    String value = header.trim();
    if (!value.toLowerCase(Locale.ROOT).startsWith("bytes=")) {
      return new Whole();
    }
    String spec = value.substring("bytes=".length()).trim();
    int dash = spec.indexOf('-');
    if (spec.contains(",") || dash < 0) {
      return new Whole();
    }
    String from = spec.substring(0, dash).trim();
    String to = spec.substring(dash + 1).trim();
    if (!digits(from) && !from.isEmpty() || !digits(to) && !to.isEmpty() || from.isEmpty() && to.isEmpty()) {
      return new Whole();
    }
    try {
      if (from.isEmpty()) {
        long suffix = Long.parseLong(to);
        if (suffix == 0 || size == 0) {
          return new Unsatisfiable();
        }
        return new Part(new Range(Math.max(0, size - suffix), size - 1));
      }
      long first = Long.parseLong(from);
      if (!to.isEmpty() && Long.parseLong(to) < first) {
        return new Whole();
      }
      if (first >= size) {
        return new Unsatisfiable();
      }
      return new Part(new Range(first, to.isEmpty() ? size - 1 : Math.min(Long.parseLong(to), size - 1)));
    } catch (NumberFormatException tooLong) {
      return new Whole();
    }
  }

  private static boolean digits(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  static String contentType(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "application/octet-stream"
        : TYPES.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), "application/octet-stream");
  }

  private static void notFound(HttpServerResponse response) {
    response.setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8").end("no such file in media/");
  }
}
