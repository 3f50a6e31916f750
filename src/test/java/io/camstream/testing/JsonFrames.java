package io.camstream.testing;

import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Joins the pieces a JDK WebSocket listener gets into whole JSON messages. The bridges
 * write their own answers (replies, errors) as binary frames, so both kinds are taken.
 */
public final class JsonFrames {
  private final StringBuilder partial = new StringBuilder();
  private final Consumer<JsonObject> whole;

  public JsonFrames(Consumer<JsonObject> whole) {
    this.whole = whole;
  }

  /** A piece of a text frame; the message goes on once {@code last} ends it. */
  public void text(CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      whole.accept(new JsonObject(partial.toString()));
      partial.setLength(0);
    }
  }

  public void binary(ByteBuffer data, boolean last) {
    text(StandardCharsets.UTF_8.decode(data), last);
  }
}
