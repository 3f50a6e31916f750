package io.camstream.auth;

import java.util.Locale;

/** What a user may do; each role may do everything the ones before it may. */
public enum Role {
  /** Only for the access table: open to everyone, signed in or not. */
  NONE,
  /** Watch, list and download media. */
  VIEWER,
  /** Also camera and light controls, snapshots, recordings. */
  OPERATOR,
  /** Also delete media, new database, logs, reboot and shutdown, users. */
  ADMIN;

  public boolean atLeast(Role needed) {
    return ordinal() >= needed.ordinal();
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A user's role from its name; NONE is not a role a user can have. */
  public static Role ofUser(String text) {
    if (text != null) {
      for (Role role : new Role[] {VIEWER, OPERATOR, ADMIN}) {
        if (role.label().equalsIgnoreCase(text.trim())) {
          return role;
        }
      }
    }
    throw new IllegalArgumentException("role must be viewer, operator or admin, not \"" + text + "\"");
  }
}
