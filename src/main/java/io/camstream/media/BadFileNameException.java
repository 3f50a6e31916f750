package io.camstream.media;

/** A filename that cannot be used; the message says what to change. Answered with 400. */
public final class BadFileNameException extends IllegalArgumentException {
  public BadFileNameException(String message) {
    super(message);
  }
}
