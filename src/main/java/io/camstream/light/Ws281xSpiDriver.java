package io.camstream.light;

import com.diozero.api.RuntimeIOException;
import com.diozero.internal.spi.InternalDeviceInterface;
import com.diozero.internal.spi.NativeDeviceFactoryInterface;
import com.diozero.sbc.DeviceFactoryHelper;
import com.diozero.ws281xj.LedDriverInterface;
import com.diozero.ws281xj.spi.WS281xSpi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WS2812/SK6812 pixels on the SPI MOSI pin through diozero's pure-Java WS281xSpi (three SPI
 * bits per data bit at 2.4 MHz): works on every Pi including the Pi 5 and needs no root.
 */
final class Ws281xSpiDriver extends Ws281xDriver {
  private static final Logger LOG = LoggerFactory.getLogger(Ws281xSpiDriver.class);

  Ws281xSpiDriver(LightConfig config) {
    super(config);
  }

  @Override
  public String device() {
    return "/dev/spidev" + config.spiController() + "." + config.spiChipSelect();
  }

  @Override
  public String hint() {
    return "is SPI enabled (dtparam=spi=on in config.txt) and is the user in group spi?";
  }

  @Override
  protected LedDriverInterface open() {
    DeviceFiles.check(device());
    return new WS281xSpi(config.spiController(), config.spiChipSelect(), config.stripType(), config.pixels(),
        PixelStrip.FULL_BRIGHTNESS);
  }

  /**
   * close() first turns the pixels off; on a failed device that write fails before the device
   * is released, so release it through the factory or the next open is refused.
   */
  @Override
  protected void closeFailed(RuntimeException e) {
    LOG.debug("closing {} after a failure: {}", device(), e.toString());
    releaseDevice();
  }

  /** The library's close() blanks the strip first; releasing the SPI device directly keeps it lit. */
  @Override
  public void detach() {
    if (take() != null) {
      releaseDevice();
    }
  }

  private void releaseDevice() {
    try {
      NativeDeviceFactoryInterface factory = DeviceFactoryHelper.getNativeDeviceFactory();
      InternalDeviceInterface device = factory.getDevice(factory.createSpiKey(config.spiController(), config.spiChipSelect()));
      if (device != null) {
        device.close();
      }
    } catch (RuntimeIOException | IllegalStateException e) {
      LOG.debug("releasing {}: {}", device(), e.toString());
    }
  }
}
