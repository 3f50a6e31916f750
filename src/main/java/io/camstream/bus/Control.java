package io.camstream.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way to ask a part for its state or send it a command: {@code {"action": ...}}
 * requests on its control address. The reply is the part's new whole state; a refusal fails
 * with a {@link ReplyException} whose failure code is HTTP-like (400 bad value, 403 not
 * available, 409, 507), kept as the part chose it.
 */
public final class Control {
  /** How long any part may take to answer. */
  public static final long TIMEOUT_MILLIS = 10_000;
  /**
   * For commands that finish and list whole files (a recording stop finalises its AVI; the
   * library writes and syncs its rows), which a slow SD card can hold up for seconds.
   */
  public static final long FILE_WORK_TIMEOUT_MILLIS = 30_000;
  /** Each state address and the control address that answers {"action":"get"} for it. */
  private static final Map<String, String> CONTROL_OF_STATE = new LinkedHashMap<>();

  static {
    CONTROL_OF_STATE.put(Addresses.CAMERA_STATE, Addresses.CAMERA_CONTROL);
    CONTROL_OF_STATE.put(Addresses.RECORDING_STATE, Addresses.RECORDING_CONTROL);
    CONTROL_OF_STATE.put(Addresses.LIGHT_STATE, Addresses.LIGHT_CONTROL);
  }

  private static final Pattern PER_CAMERA_STATE =
      Pattern.compile("camstream\\.(camera|recording)\\.(" + Addresses.CAMERA_ID_PATTERN + ")\\.state");

  private final Vertx vertx;
  private final String address;
  private final DeliveryOptions options;

  private Control(Vertx vertx, String address, long timeoutMillis) {
    this.vertx = vertx;
    this.address = address;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMillis);
  }

  public static Control of(Vertx vertx, String controlAddress) {
    return new Control(vertx, controlAddress, TIMEOUT_MILLIS);
  }

  /** The same part, waited for {@link #FILE_WORK_TIMEOUT_MILLIS}. */
  public Control waitingForFileWork() {
    return new Control(vertx, address, FILE_WORK_TIMEOUT_MILLIS);
  }

  /** State addresses that have a whole state to ask for, in the order pages show them. */
  public static Iterable<String> stateAddresses() {
    return CONTROL_OF_STATE.keySet();
  }

  /**
   * The current whole state behind {@code stateAddress}, for a client that just started
   * listening there; fails for addresses without a state.
   */
  public static Future<JsonObject> currentState(Vertx vertx, String stateAddress) {
    return controlOf(stateAddress).map(control -> of(vertx, control).state())
        .orElseGet(() -> Future.failedFuture("no state at " + stateAddress));
  }

  /**
   * The control address that answers "get" for {@code stateAddress}: the fixed pairs, the camera
   * list, and each camera's own camstream.camera.ID.state and camstream.recording.ID.state.
   */
  public static Optional<String> controlOf(String stateAddress) {
    String fixed = CONTROL_OF_STATE.get(stateAddress);
    if (fixed != null) {
      return Optional.of(fixed);
    }
    if (Addresses.CAMERAS.equals(stateAddress)) {
      return Optional.of(Addresses.CAMERAS_CONTROL);
    }
    Matcher perCamera = PER_CAMERA_STATE.matcher(stateAddress == null ? "" : stateAddress);
    return perCamera.matches()
        ? Optional.of("camstream." + perCamera.group(1) + "." + perCamera.group(2) + ".control") : Optional.empty();
  }

  /** A refusal in the same shape a part's own refusal arrives in. */
  public static ReplyException refused(int code, String message) {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code, message);
  }

  public Future<JsonObject> state() {
    return send(new JsonObject().put("action", "get"));
  }

  public Future<JsonObject> send(String action) {
    return send(new JsonObject().put("action", action));
  }

  /**
   * Sends a body that is not JSON (a picture, by its local codec: never copied), with the
   * action and its fields as message headers; the reply is what the part answers.
   */
  public Future<JsonObject> send(String action, Object body, Map<String, String> fields) {
    DeliveryOptions withFields = new DeliveryOptions(options).addHeader("action", action);
    fields.forEach((key, value) -> {
      if (value != null) {
        withFields.addHeader(key, value);
      }
    });
    return vertx.eventBus().<JsonObject>request(address, body, withFields).map(Message::body);
  }

  /** Sends a control body ({"action": ..., ...}); the reply is the new state (or what the part answers). */
  public Future<JsonObject> send(JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body, options).map(Message::body);
  }
}
