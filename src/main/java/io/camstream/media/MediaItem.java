package io.camstream.media;

import io.vertx.core.json.JsonObject;

/**
 * One row of the media library. The first three fields are the old server's schema; the
 * rest may be null for rows it made.
 */
public record MediaItem(long id, String date, String fileName, String kind, Long bytes, Integer width,
    Integer height, Long durationMillis, Long frames, String createdAt) {

  /** The old /get_database shape. */
  public JsonObject toOldJson() {
    return new JsonObject().put("date", date).put("filename", fileName);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id).put("date", date).put("filename", fileName)
        .put("kind", kind != null ? kind : fileName == null ? "other" : FileNames.kind(fileName));
    if (fileName == null) {
      // the old server lists a row without a name when /database/add is called without one
      return json;
    }
    // the calendar day the date names, for grouping; absent for dates that name none (11/29/2026, empty)
    MediaDates.parse(date).ifPresent(moment -> json.put("day", moment.toLocalDate().toString()));
    json.put("url", "/media/" + MediaPaths.urlEncode(fileName))
        .put("thumbnail", "/media/" + MediaPaths.urlEncode(fileName) + "/thumbnail");
    putIfSet(json, "bytes", bytes);
    putIfSet(json, "width", width);
    putIfSet(json, "height", height);
    putIfSet(json, "createdAt", createdAt);
    putIfSet(json, "frames", frames);
    if (durationMillis != null) {
      json.put("durationSeconds", durationMillis / 1000.0);
    }
    if ("video".equals(json.getString("kind"))) {
      json.put("play", "/media/" + MediaPaths.urlEncode(fileName) + "/play");
    }
    return json;
  }

  private static void putIfSet(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  /** A new item's metadata as sent to the library: everything but id. */
  public static MediaItem fromJson(JsonObject json) {
    return new MediaItem(0, json.getString("date"), json.getString("filename"), json.getString("kind"),
        json.getLong("bytes"), json.getInteger("width"), json.getInteger("height"),
        json.getLong("durationMillis"), json.getLong("frames"), json.getString("createdAt"));
  }

  public JsonObject toRequest() {
    return new JsonObject().put("date", date).put("filename", fileName).put("kind", kind).put("bytes", bytes)
        .put("width", width).put("height", height).put("durationMillis", durationMillis).put("frames", frames)
        .put("createdAt", createdAt);
  }
}
