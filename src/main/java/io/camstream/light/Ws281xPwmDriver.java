package io.camstream.light;

import com.diozero.ws281xj.LedDriverInterface;
import com.diozero.ws281xj.rpiws281x.WS281x;

/**
 * WS2812/SK6812 pixels on a PWM pin through rpi_ws281x (DMA). Needs root and does not work
 * on the Pi 5; the SPI driver is the default for that reason.
 */
final class Ws281xPwmDriver extends Ws281xDriver {
  private static final int FREQUENCY_HZ = 800_000;
  private static final int CHANNEL = 0;

  Ws281xPwmDriver(LightConfig config) {
    super(config);
  }

  @Override
  public String device() {
    return "GPIO " + config.gpio() + " (PWM, DMA " + config.dma() + ")";
  }

  @Override
  public String hint() {
    return "PWM needs root and a Pi before the Pi 5; set light.mode to spi to drive the strip from the MOSI pin instead";
  }

  @Override
  protected LedDriverInterface open() {
    return new WS281x(FREQUENCY_HZ, config.dma(), config.gpio(), PixelStrip.FULL_BRIGHTNESS, config.pixels(),
        config.stripType(), CHANNEL);
  }
}
