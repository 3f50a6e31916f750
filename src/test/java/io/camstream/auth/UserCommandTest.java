package io.camstream.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.config.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user command works on the server's users file and never starts a second one by accident. */
class UserCommandTest {
  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Path usersFile, boolean create, String... words) {
    AuthConfig config = AuthConfig.from(ConfigLoader.load(null,
        Map.of("CAMSTREAM_AUTH_USERS_FILE", usersFile.toString(), "CAMSTREAM_AUTH_PASSWORD_ITERATIONS", "10000"),
        Map.of()));
    return UserCommand.run(List.of(words), config, create, "environment variable CAMSTREAM_AUTH_USERS_FILE",
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void refusesWhereNoServerKeepsItsUsersAndCreatesNothing() {
    Path missing = dir.resolve("elsewhere/conf/users.json");
    assertThat(run(missing, false, "user", "list")).isEqualTo(2);
    assertThat(run(missing, false, "user", "token", "admin")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("there is no users file at " + missing)
        .contains("auth.usersFile from environment variable CAMSTREAM_AUTH_USERS_FILE")
        .contains("sudo camstream user").contains("docker compose exec camstream camstream user").contains("--create");
    assertThat(missing).doesNotExist();
    assertThat(missing.getParent()).doesNotExist();
  }

  @Test
  void createStartsANewFileThatTheNextCommandUses() {
    Path users = dir.resolve("conf/users.json");
    System.setIn(new java.io.ByteArrayInputStream("a long enough password\n".getBytes(StandardCharsets.UTF_8)));
    try {
      assertThat(run(users, true, "user", "add", "alice", "admin")).as(err.toString(StandardCharsets.UTF_8)).isZero();
    } finally {
      System.setIn(new java.io.FileInputStream(java.io.FileDescriptor.in));
    }
    assertThat(users).exists();
    assertThat(run(users, false, "user", "list")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("alice  admin");
  }
}
