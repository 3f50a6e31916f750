package io.camstream.bus;

/**
 * Event-bus addresses. The public ones are API for pages and bridge clients: change them
 * only by adding. The internal ones never leave the JVM and are not bridged.
 */
public final class Addresses {
  private Addresses() {
  }

  /** Published, local only: every {@link io.camstream.capture.Frame} the camera produces. */
  public static final String FRAMES = "camstream.frames";

  public static final String CAMERA_CONTROL = "camstream.camera.control";
  public static final String CAMERA_STATE = "camstream.camera.state";

  public static final String RECORDING_CONTROL = "camstream.recording.control";
  public static final String RECORDING_STATE = "camstream.recording.state";

  /** The light's addresses keep the old name "led": bridge clients and pages use them. */
  public static final String LIGHT_CONTROL = "camstream.led.control";
  public static final String LIGHT_STATE = "camstream.led.state";

  public static final String MEDIA_EVENTS = "camstream.media.events";

  /**
   * Internal: consumers of frames announce how many frames-consumers they hold, as
   * {@code {"holder": "...", "count": n, "dropped": d}}; the camera runs while the sum is
   * above zero.
   */
  public static final String CAMERA_DEMAND = "camstream.camera.demand";

  /** Internal: media library requests (add, remove, list) from routes and the recorder. */
  public static final String MEDIA_CONTROL = "camstream.media.control";

  /** Internal: published with a reply address; every HTTP instance sends its viewers there. */
  public static final String VIEWERS_QUERY = "camstream.http.viewers";

  /**
   * Internal, local only: published (no body) after every change of the users or the
   * sessions, so open sockets check their user's rights again.
   */
  public static final String USERS_CHANGED = "camstream.users.changed";

  /**
   * Public, /ws/state only: sent after a whole state, so the page reloads what is not in
   * the state (the media list).
   */
  public static final String WS_SYNCED = "camstream.ws.synced";

  /** Public, /ws/state only: a state address whose part refused "get" (no light) or is not running. */
  public static final String WS_UNAVAILABLE = "camstream.ws.unavailable";

  /**
   * Public: published on every change of the camera list, {"cameras": [{"id", "name", "status",
   * "default"}, ...]}; {@link #CAMERAS_CONTROL} answers "get" with it. The addresses above
   * without a camera id mean the default (first) camera.
   */
  public static final String CAMERAS = "camstream.cameras";
  /** Internal: "get", and the admin's "add" and "remove" of a camera at run time (not bridged). */
  public static final String CAMERAS_CONTROL = "camstream.cameras.control";

  /** What a camera id may be made of, so every id can be part of an address and a path. */
  public static final String CAMERA_ID_PATTERN = "[A-Za-z0-9_-]+";

  /** Published, local only: the frames of camera {@code id}. */
  public static String frames(String id) {
    return FRAMES + "." + id;
  }

  public static String cameraControl(String id) {
    return "camstream.camera." + id + ".control";
  }

  public static String cameraState(String id) {
    return "camstream.camera." + id + ".state";
  }

  /** Internal: demand for the frames of camera {@code id}, as on {@link #CAMERA_DEMAND}. */
  public static String cameraDemand(String id) {
    return "camstream.camera." + id + ".demand";
  }

  public static String recordingControl(String id) {
    return "camstream.recording." + id + ".control";
  }

  public static String recordingState(String id) {
    return "camstream.recording." + id + ".state";
  }
}
