package io.camstream.light;

/**
 * One kind of light hardware. Calls block (device opens, SPI and serial writes, render's
 * busy-wait) and come from the {@link LightVerticle}'s worker thread, one at a time.
 */
public interface LightDriver {
  /** The driver's name in the state, as in {@code light.type}. */
  String name();

  /** The device it drives, for log lines and the state's reason, e.g. /dev/spidev0.0. */
  String device();

  /** What the user can check when the device fails. */
  String hint();

  /** Opens the device if it is not open and shows the state; throws when the hardware fails. */
  void show(LightState state);

  /** Releases the device; safe when it is not open or has just failed. */
  void close();

  /** Lets go of the device leaving the light as it is shown, for {@code light.onStop = keep}. */
  default void detach() {
    close();
  }
}
