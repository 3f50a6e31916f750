package io.camstream.bridge;

import io.camstream.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import java.util.List;
import java.util.Map;

/**
 * What bridge clients (SockJS and TCP alike) may do: send to the control addresses and
 * receive the state and media addresses, nothing else. Frames and internal addresses
 * are never bridged.
 */
public final class BridgeAccess {
  public static final List<String> INBOUND = List.of(
      Addresses.CAMERA_CONTROL, Addresses.RECORDING_CONTROL, Addresses.LED_CONTROL);
  public static final List<String> OUTBOUND = List.of(
      Addresses.CAMERA_STATE, Addresses.RECORDING_STATE, Addresses.LED_STATE, Addresses.MEDIA_EVENTS);

  /** Where the current state of each state address can be asked for. */
  private static final Map<String, String> CONTROL_OF_STATE = Map.of(
      Addresses.CAMERA_STATE, Addresses.CAMERA_CONTROL,
      Addresses.RECORDING_STATE, Addresses.RECORDING_CONTROL,
      Addresses.LED_STATE, Addresses.LED_CONTROL);

  private BridgeAccess() {
  }

  public static <T extends BridgeOptions> T permit(T options) {
    INBOUND.forEach(address -> options.addInboundPermitted(new PermittedOptions().setAddress(address)));
    OUTBOUND.forEach(address -> options.addOutboundPermitted(new PermittedOptions().setAddress(address)));
    return options;
  }

  /**
   * The current state for a client that just registered on {@code stateAddress}, so it
   * never waits for the next change; empty for addresses without a state.
   */
  public static Future<JsonObject> currentState(Vertx vertx, String stateAddress) {
    String control = CONTROL_OF_STATE.get(stateAddress);
    if (control == null) {
      return Future.failedFuture("no state at " + stateAddress);
    }
    return vertx.eventBus().<JsonObject>request(control, new JsonObject().put("action", "get"),
        new DeliveryOptions().setSendTimeout(5000)).map(m -> m.body());
  }
}
