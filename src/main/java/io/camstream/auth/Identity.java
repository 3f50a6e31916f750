package io.camstream.auth;

/**
 * Who made a request and with what role; {@code via} says how they proved it. {@code proof}
 * (the session id, or the digest of the API token) and {@code epoch} (the user's password
 * epoch then) let {@link Security#currentRole} tell later whether that proof still holds.
 */
public record Identity(String name, Role role, String via, String proof, long epoch) {
  public static final String KEY = "camstream.identity";

  Identity(String name, Role role, String via) {
    this(name, role, via, null, 0);
  }

  static Identity anonymous(Role role) {
    return new Identity("", role, "anonymous");
  }

  public boolean signedIn() {
    return !name.isEmpty();
  }

  /** Without the proof: a session id is as good as a password. */
  @Override
  public String toString() {
    return "Identity[" + name + ", " + role.label() + ", via " + via + "]";
  }
}
