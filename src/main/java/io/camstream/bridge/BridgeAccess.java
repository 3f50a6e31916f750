package io.camstream.bridge;

import io.camstream.bus.Addresses;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What bridge clients (SockJS and TCP alike) may do: send to the control addresses and
 * receive the state and media addresses and the camera list, nothing else; each camera's own
 * control and state addresses (camstream.camera.ID.*, camstream.recording.ID.*) as the default
 * camera's. Frames, adding or removing cameras and internal addresses are never bridged.
 */
public final class BridgeAccess {
  public static final List<String> INBOUND = List.of(
      Addresses.CAMERA_CONTROL, Addresses.RECORDING_CONTROL, Addresses.LIGHT_CONTROL);
  public static final List<String> OUTBOUND = List.of(
      Addresses.CAMERA_STATE, Addresses.RECORDING_STATE, Addresses.LIGHT_STATE, Addresses.MEDIA_EVENTS,
      Addresses.CAMERAS);
  /** Every camera's own control addresses. */
  static final String INBOUND_PER_CAMERA = perCamera("control");
  /** Every camera's own state addresses. */
  static final String OUTBOUND_PER_CAMERA = perCamera("state");
  private static final Pattern INBOUND_PATTERN = Pattern.compile(INBOUND_PER_CAMERA);
  private static final Pattern OUTBOUND_PATTERN = Pattern.compile(OUTBOUND_PER_CAMERA);

  private BridgeAccess() {
  }

  private static String perCamera(String kind) {
    return "camstream\\.(camera|recording)\\." + Addresses.CAMERA_ID_PATTERN + "\\." + kind;
  }

  public static <T extends BridgeOptions> T permit(T options) {
    INBOUND.forEach(address -> options.addInboundPermitted(new PermittedOptions().setAddress(address)));
    options.addInboundPermitted(new PermittedOptions().setAddressRegex(INBOUND_PER_CAMERA));
    OUTBOUND.forEach(address -> options.addOutboundPermitted(new PermittedOptions().setAddress(address)));
    options.addOutboundPermitted(new PermittedOptions().setAddressRegex(OUTBOUND_PER_CAMERA));
    return options;
  }

  /** A control address a client may send to (its role permitting). */
  public static boolean inbound(String address) {
    return INBOUND.contains(address) || address != null && INBOUND_PATTERN.matcher(address).matches();
  }

  /** A state address a client may listen to (its role permitting). */
  public static boolean outbound(String address) {
    return OUTBOUND.contains(address) || address != null && OUTBOUND_PATTERN.matcher(address).matches();
  }
}
