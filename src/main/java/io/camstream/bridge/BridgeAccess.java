package io.camstream.bridge;

import io.camstream.bus.Addresses;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import java.util.List;

/**
 * What bridge clients (SockJS and TCP alike) may do: send to the control addresses and
 * receive the state and media addresses, nothing else. Frames and internal addresses
 * are never bridged.
 */
public final class BridgeAccess {
  public static final List<String> INBOUND = List.of(
      Addresses.CAMERA_CONTROL, Addresses.RECORDING_CONTROL, Addresses.LIGHT_CONTROL);
  public static final List<String> OUTBOUND = List.of(
      Addresses.CAMERA_STATE, Addresses.RECORDING_STATE, Addresses.LIGHT_STATE, Addresses.MEDIA_EVENTS);

  private BridgeAccess() {
  }

  public static <T extends BridgeOptions> T permit(T options) {
    INBOUND.forEach(address -> options.addInboundPermitted(new PermittedOptions().setAddress(address)));
    OUTBOUND.forEach(address -> options.addOutboundPermitted(new PermittedOptions().setAddress(address)));
    return options;
  }

}
