package io.camstream.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One account as stored in the users file. {@code epoch} changes with the password, which
 * ends every session and socket opened before; a role change takes effect on them at once.
 */
public record User(String name, Role role, String passwordHash, long epoch, List<Token> tokens) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** An API token; only the SHA-256 of its secret is kept. */
  public record Token(String id, String sha256, String created) {
    JsonObject toJson() {
      return new JsonObject().put("id", id).put("sha256", sha256).put("created", created);
    }

    static Token fromJson(JsonObject json) {
      return new Token(json.getString("id"), json.getString("sha256"), json.getString("created"));
    }
  }

  public User {
    tokens = List.copyOf(tokens);
  }

  public static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a user name is 1 to 64 letters, digits, '.', '_' or '-'");
    }
    return name;
  }

  JsonObject toJson() {
    JsonArray tokenArray = new JsonArray();
    tokens.forEach(t -> tokenArray.add(t.toJson()));
    return new JsonObject().put("name", name).put("role", role.label()).put("password", passwordHash)
        .put("epoch", epoch).put("tokens", tokenArray);
  }

  static User fromJson(JsonObject json) {
    JsonArray tokenArray = json.getJsonArray("tokens", new JsonArray());
    List<Token> tokens = tokenArray.stream().map(o -> Token.fromJson((JsonObject) o)).toList();
    return new User(checkName(json.getString("name")), Role.ofUser(json.getString("role")),
        json.getString("password"), json.getLong("epoch", 1L), tokens);
  }
}
