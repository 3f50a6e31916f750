package io.camstream.light;

import com.diozero.ws281xj.LedDriverInterface;

/** Shared by the NeoPixel drivers: every pixel shows the state's output color. */
final class PixelStrip {
  private PixelStrip() {
  }

  /**
   * The strips are opened with full brightness so the library's own brightness scaling
   * leaves values alone; the state's brightness is applied once, in {@link LightState#output()}.
   */
  static final int FULL_BRIGHTNESS = 255;

  static void fill(LedDriverInterface strip, LightState state) {
    int[] rgb = state.output();
    int colour = rgb[0] << 16 | rgb[1] << 8 | rgb[2];
    for (int i = 0; i < strip.getNumPixels(); i++) {
      strip.setPixelColour(i, colour);
    }
    strip.render();
  }
}
