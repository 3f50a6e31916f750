package io.camstream.capture;

/**
 * A camera, process or stream that yields pictures. Every method is called from the grab
 * thread only, so implementations need no locking; all of them may block.
 */
public interface FrameSource extends AutoCloseable {

  /** For the state and the logs, e.g. "USB camera /dev/video0 (MJPG 1280x720@30)". */
  String description();

  /** Opens the device, process or connection. */
  void open() throws SourceException;

  /** Blocks until the next picture; throws when the source has failed and must be reopened. */
  CapturedImage read() throws SourceException;

  /** Releases everything; safe to call more than once and after a failed open. */
  @Override
  void close();

  /** Whether {@link #applyFocus} does anything on this source. */
  default boolean supportsFocus() {
    return false;
  }

  /** Applies autofocus and the manual focus position (0.0 near to 1.0 far); called while open. */
  default void applyFocus(boolean autofocus, double position) throws SourceException {
  }
}
