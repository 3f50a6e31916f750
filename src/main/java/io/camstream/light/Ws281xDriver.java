package io.camstream.light;

import com.diozero.ws281xj.LedDriverInterface;

/** WS2812/SK6812 pixels through one of diozero's strip drivers, opened on the first picture. */
abstract class Ws281xDriver implements LightDriver {
  protected final LightConfig config;
  private LedDriverInterface strip;

  Ws281xDriver(LightConfig config) {
    this.config = config;
  }

  /** Opens the strip; a failure reaches the light verticle, which reports it and retries. */
  protected abstract LedDriverInterface open();

  /** The strip's close() failed (it blanks the pixels first, which fails on a broken device). */
  protected void closeFailed(RuntimeException e) {
  }

  @Override
  public final String name() {
    return LightConfig.NEOPIXEL;
  }

  @Override
  public final void show(LightState state) {
    if (strip == null) {
      strip = open();
    }
    PixelStrip.fill(strip, state);
  }

  @Override
  public final void close() {
    LedDriverInterface closing = take();
    if (closing == null) {
      return;
    }
    try {
      closing.close();
    } catch (RuntimeException e) {
      closeFailed(e);
    }
  }

  /** Forgets the open strip without closing it; null when none was open. */
  protected final LedDriverInterface take() {
    LedDriverInterface open = strip;
    strip = null;
    return open;
  }
}
