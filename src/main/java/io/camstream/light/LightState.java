package io.camstream.light;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the user asked of the light: on or off, the color (kept while off, so on again
 * restores it) and the brightness 0-255. {@link #output()} is what the hardware shows.
 */
public record LightState(boolean on, String color, int brightness) {
  public static final String WHITE = "FFFFFF";
  public static final String BLACK = "000000";
  private static final Pattern HEX6 = Pattern.compile("[0-9A-Fa-f]{6}");

  public LightState {
    if (color == null || !HEX6.matcher(color).matches()) {
      throw new IllegalArgumentException("color must be 6 hex digits RRGGBB, not " + color);
    }
    if (brightness < 0 || brightness > 255) {
      throw new IllegalArgumentException("brightness must be 0-255, not " + brightness);
    }
    color = color.toUpperCase(Locale.ROOT);
  }

  public static LightState initial() {
    return new LightState(false, WHITE, 255);
  }

  public static boolean isColor(String text) {
    return text != null && HEX6.matcher(text).matches();
  }

  /** As the old server: on again shows the last color, or white if the last color was black (off). */
  public LightState power(boolean turnOn) {
    if (turnOn) {
      return new LightState(true, color.equals(BLACK) ? WHITE : color, brightness);
    }
    return new LightState(false, color, brightness);
  }

  /** As the old server, which wrote a new color straight to the strip: setting a color lights it. */
  public LightState withColor(String rrggbb) {
    return new LightState(true, rrggbb, brightness);
  }

  public LightState withBrightness(int value) {
    return new LightState(on, color, value);
  }

  /** The red, green and blue the hardware shows: the color scaled by brightness, or black when off. */
  public int[] output() {
    if (!on) {
      return new int[] {0, 0, 0};
    }
    int rgb = Integer.parseInt(color, 16);
    return new int[] {scale(rgb >> 16 & 0xFF), scale(rgb >> 8 & 0xFF), scale(rgb & 0xFF)};
  }

  /** {@link #output()} as RRGGBB hex. */
  public String outputHex() {
    int[] out = output();
    return String.format("%02X%02X%02X", out[0], out[1], out[2]);
  }

  private int scale(int component) {
    return (component * brightness + 127) / 255;
  }

  public JsonObject toJson() {
    return new JsonObject().put("on", on).put("color", color).put("brightness", brightness);
  }

  /** Reads a saved state; throws IllegalArgumentException when a field is missing or out of range. */
  public static LightState fromJson(JsonObject json) {
    Object on = json.getValue("on");
    Object color = json.getValue("color");
    Object brightness = json.getValue("brightness");
    if (!(on instanceof Boolean) || !(color instanceof String) || !(brightness instanceof Number)) {
      throw new IllegalArgumentException("expected {\"on\": true|false, \"color\": \"RRGGBB\", \"brightness\": 0-255}");
    }
    return new LightState((Boolean) on, (String) color, ((Number) brightness).intValue());
  }
}
