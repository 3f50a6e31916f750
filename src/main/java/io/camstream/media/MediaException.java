package io.camstream.media;

/** A media request refused with an HTTP-like code (400, 404, 409, 507) and a readable reason. */
public final class MediaException extends RuntimeException {
  private final int code;

  public MediaException(int code, String message) {
    super(message);
    this.code = code;
  }

  public int code() {
    return code;
  }
}
