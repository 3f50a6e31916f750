package io.camstream.bus;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * One holder's demand for camera frames, as sent on {@link Addresses#CAMERA_DEMAND}:
 * {@code {"holder": "<unique id>", "kind": "viewer|still|recording", "count": n, "dropped": d}}.
 * The camera runs while any holder's count is above zero; the kind says what the frames
 * are for, so the camera's state can count viewers without reading names.
 *
 * @param dropped frames the holder skipped so far (viewers report it), or null
 */
public record Demand(String holder, Kind kind, long count, Long dropped) {
  /** What a holder takes frames for. */
  public enum Kind {
    /** M-JPEG viewers of one HTTP instance. */
    VIEWER,
    /** Requests waiting for one picture (/frame.jpg, snapshots). */
    STILL,
    /** A running recording. */
    RECORDING;

    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Demand {
    if (holder == null || holder.isEmpty() || kind == null) {
      throw new IllegalArgumentException("a demand needs a holder and a kind");
    }
    count = Math.max(0, count);
  }

  public static Demand of(String holder, Kind kind, long count) {
    return new Demand(holder, kind, count, null);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("holder", holder).put("kind", kind.wireName()).put("count", count);
    if (dropped != null) {
      json.put("dropped", dropped);
    }
    return json;
  }

  /** Reads a demand message; a body without holder, known kind or numeric count is refused with the reason. */
  public static Demand fromJson(JsonObject body) {
    if (body == null) {
      throw new IllegalArgumentException("empty demand message");
    }
    Object holder = body.getValue("holder");
    Object kind = body.getValue("kind");
    Object count = body.getValue("count");
    Object dropped = body.getValue("dropped");
    if (!(holder instanceof String name) || name.isEmpty()) {
      throw new IllegalArgumentException("demand without a \"holder\" string: " + body.encode());
    }
    Kind parsed = null;
    for (Kind k : Kind.values()) {
      if (k.wireName().equals(kind)) {
        parsed = k;
      }
    }
    if (parsed == null) {
      throw new IllegalArgumentException("demand of " + name + " without a \"kind\" (viewer, still or recording): "
          + body.encode());
    }
    if (!(count instanceof Number n)) {
      throw new IllegalArgumentException("demand of " + name + " without a numeric \"count\": " + body.encode());
    }
    return new Demand(name, parsed, n.longValue(), dropped instanceof Number d ? d.longValue() : null);
  }
}
