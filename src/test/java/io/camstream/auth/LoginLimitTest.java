package io.camstream.auth;

import static io.camstream.testing.SecuredServer.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Poll;
import io.camstream.testing.SecuredServer;
import io.camstream.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Guessing passwords from one address is stopped, by the page, by Basic and by the reboot key alike. */
class LoginLimitTest {
  @TempDir
  Path dir;

  @Test
  void afterTheAllowedFailuresAnAddressGets429WithRetryAfterUntilTheWindowPasses() throws Exception {
    try (TestServer server = SecuredServer.start(dir, Map.of("auth.loginAttempts", "4", "auth.loginWindowSeconds", "6"))) {
      // a script with the right password has it cached and keeps working
      assertThat(SecuredServer.as(Role.VIEWER, server, "/api/session").statusCode()).isEqualTo(200);
      for (int i = 0; i < 2; i++) {
        assertThat(get(server, "/api/state", "Authorization", SecuredServer.basic("admin", "guess" + i)).statusCode())
            .isEqualTo(401);
      }
      assertThat(SecuredServer.login(server, "admin", "guess-2", "/").statusCode()).isEqualTo(401);
      assertThat(get(server, "/reboot?key=guess-3").statusCode()).isEqualTo(401);

      var limited = get(server, "/api/state", "Authorization", SecuredServer.basic("admin", "guess4"));
      assertThat(limited.statusCode()).isEqualTo(429);
      long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
      assertThat(retryAfter).isBetween(1L, 6L);
      // the right password is refused too while the address waits, on every door
      assertThat(SecuredServer.as(Role.ADMIN, server, "/api/session").statusCode()).isEqualTo(429);
      var page = SecuredServer.login(server, "admin", SecuredServer.PASSWORD + " admin", "/");
      assertThat(page.statusCode()).isEqualTo(429);
      assertThat(page.headers().firstValue("Retry-After")).isPresent();
      assertThat(get(server, "/reboot?key=x").statusCode()).isEqualTo(429);
      // already verified credentials are not guesses
      assertThat(SecuredServer.as(Role.VIEWER, server, "/api/session").statusCode()).isEqualTo(200);

      int status = Poll.until(Duration.ofSeconds(20), "the sign-in limit to lift",
          () -> SecuredServer.as(Role.ADMIN, server, "/api/session").statusCode(), s -> s != 429);
      assertThat(status).isEqualTo(200);
    }
  }
}
