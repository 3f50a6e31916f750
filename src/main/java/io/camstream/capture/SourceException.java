package io.camstream.capture;

/** A source that cannot deliver; the message says what happened and what the user can do. */
public class SourceException extends Exception {
  public SourceException(String message) {
    super(message);
  }

  public SourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
