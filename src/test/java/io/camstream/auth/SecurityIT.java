package io.camstream.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Http;
import io.camstream.testing.Poll;
import io.camstream.testing.SecuredServer;
import io.camstream.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar is secure by default, and its user command manages the accounts. */
class SecurityIT {
  static final String JAR = System.getProperty("camstream.jar", "target/camstream.jar");

  @TempDir
  Path dir;

  private Process launch(String name, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("java", "-Xmx256m", "-jar", Path.of(JAR).toAbsolutePath().toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile()).start();
  }

  @Test
  void firstStartPrintsTheAdminPasswordOnceAndTheUserCommandAddsAViewerTheServerAccepts() throws Exception {
    int port = TestServer.freePort();
    Process server = launch("server", "--port", String.valueOf(port), "--camera", "test", "--media", "media",
        "--set", "camera.width=320", "--set", "camera.height=240");
    try {
      String base = "http://127.0.0.1:" + port;
      Poll.until(Duration.ofSeconds(60), "the jar to answer /health", () -> status(base + "/health", null), c -> c == 200);
      String console = Files.readString(dir.resolve("server.out"));
      String[] lines = Files.readString(dir.resolve("conf/admin-password.txt")).trim().split("\n");
      String password = lines[lines.length - 1].trim();
      assertThat(console).contains(password).contains("conf/admin-password.txt");
      assertThat(Files.readString(dir.resolve("logs/camstream.log"))).doesNotContain(password);
      assertThat(status(base + "/frame.jpg", null)).isEqualTo(401);
      assertThat(status(base + "/frame.jpg", SecuredServer.basic("admin", password))).isEqualTo(200);

      Process add = launch("add", "user", "add", "alice", "viewer");
      add.getOutputStream().write("alice's long password\n".getBytes(StandardCharsets.UTF_8));
      add.getOutputStream().close();
      assertThat(add.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(add.exitValue()).as(Files.readString(dir.resolve("add.err"))).isZero();
      String alice = SecuredServer.basic("alice", "alice's long password");
      // guessing would count as failed sign-ins: wait for the server to say it reloaded the file
      Poll.until(Duration.ofSeconds(20), "the server to reload the users file", () -> read(dir.resolve("server.out")),
          text -> text.contains("changed; reloaded"));
      assertThat(status(base + "/api/state", alice)).isEqualTo(200);
      assertThat(status(base + "/grayscale?status=false", alice)).isEqualTo(403);

      Process list = launch("list", "user", "list");
      assertThat(list.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(dir.resolve("list.out"))).contains("alice  viewer").contains("admin  admin")
          .doesNotContain("pbkdf2");
      Process removeLastAdmin = launch("rm", "user", "remove", "admin");
      assertThat(removeLastAdmin.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(removeLastAdmin.exitValue()).isEqualTo(2);
      assertThat(Files.readString(dir.resolve("rm.err"))).contains("last admin");
    } finally {
      server.destroy();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    // a second start creates no new password
    assertThat(Files.readString(dir.resolve("server.out"))).containsOnlyOnce("created user \"admin\"");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  private static int status(String url, String authorization) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      return Http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IllegalStateException notYet) {
      return -1;
    }
  }
}
