package io.camstream.led;

/** No hardware: keeps what it was asked to show, for demos and the page. */
final class SimulatedDriver implements LightDriver {
  private volatile LightState shown;

  @Override
  public String name() {
    return LightConfig.SIMULATED;
  }

  @Override
  public String device() {
    return "simulated light";
  }

  @Override
  public String hint() {
    return "";
  }

  @Override
  public void show(LightState state) {
    shown = state;
  }

  LightState shown() {
    return shown;
  }

  @Override
  public void close() {
  }
}
