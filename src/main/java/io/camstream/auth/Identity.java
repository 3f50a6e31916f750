package io.camstream.auth;

/** Who made a request and with what role; {@code via} says how they proved it. */
public record Identity(String name, Role role, String via) {
  public static final String KEY = "camstream.identity";

  static Identity anonymous(Role role) {
    return new Identity("", role, "anonymous");
  }

  public boolean signedIn() {
    return !name.isEmpty();
  }
}
