package io.camstream.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Http;
import io.camstream.testing.SecuredServer;
import io.camstream.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guesses sent all at once from one address are limited like guesses sent one by one: the
 * slot is taken before the password is checked, on every door that checks one.
 */
class LoginBurstTest {
  private static final int LIMIT = 10;

  @TempDir
  Path dir;

  @Test
  void threeHundredWrongPasswordsAtOnceGetAtMostTheLimitChecked() throws Exception {
    try (TestServer server = SecuredServer.start(dir, Map.of(
        "auth.loginAttempts", String.valueOf(LIMIT), "auth.loginWindowSeconds", "300", "auth.rebootKey", "the-real-key"))) {
      ExecutorService pool = Executors.newFixedThreadPool(64);
      List<CompletableFuture<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        int n = i;
        HttpRequest request = switch (n % 3) {
          case 0 -> SecuredServer.request(server, "/api/state")
              .header("Authorization", SecuredServer.basic("admin", "guess" + n)).GET().build();
          case 1 -> SecuredServer.request(server, "/login").header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=guess" + n + "&next=/")).build();
          default -> SecuredServer.request(server, "/reboot?key=guess" + n).GET().build();
        };
        answers.add(CompletableFuture.supplyAsync(
            () -> Http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode(), pool));
      }
      List<Integer> statuses = answers.stream().map(CompletableFuture::join).toList();
      pool.shutdown();
      long checked = statuses.stream().filter(s -> s == 401).count();
      long limited = statuses.stream().filter(s -> s == 429).count();
      System.out.println("wrong passwords at once: 300, checked (401): " + checked + ", refused unchecked (429): " + limited);
      assertThat(checked).as("passwords checked").isLessThanOrEqualTo(LIMIT);
      assertThat(checked + limited).isEqualTo(300);
    }
  }

  @Test
  void aRightPasswordDoesNotUseUpASlot() throws Exception {
    try (TestServer server = SecuredServer.start(dir, Map.of("auth.loginAttempts", "2", "auth.loginWindowSeconds", "300"))) {
      // different users, so none of these is answered from the cache of verified credentials
      for (Role role : new Role[] {Role.VIEWER, Role.OPERATOR, Role.ADMIN}) {
        assertThat(SecuredServer.as(role, server, "/api/session").statusCode()).isEqualTo(200);
      }
      assertThat(SecuredServer.get(server, "/api/state", "Authorization", SecuredServer.basic("admin", "x1")).statusCode())
          .isEqualTo(401);
      assertThat(SecuredServer.get(server, "/api/state", "Authorization", SecuredServer.basic("admin", "x2")).statusCode())
          .isEqualTo(401);
      assertThat(SecuredServer.get(server, "/api/state", "Authorization", SecuredServer.basic("admin", "x3")).statusCode())
          .isEqualTo(429);
    }
  }
}
