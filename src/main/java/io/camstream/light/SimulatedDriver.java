package io.camstream.light;

/** No hardware, for demos: the verticle keeps and publishes the state, so nothing is left to drive. */
final class SimulatedDriver implements LightDriver {
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
  }

  @Override
  public void close() {
  }
}
