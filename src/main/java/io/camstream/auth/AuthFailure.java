package io.camstream.auth;

/** Refused credentials: 401 wrong, 429 too many attempts from this address (retry later). */
public final class AuthFailure extends RuntimeException {
  private final int status;
  private final long retryAfterSeconds;

  AuthFailure(int status, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static AuthFailure wrong(String message) {
    return new AuthFailure(401, message, 0);
  }

  public int status() {
    return status;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
