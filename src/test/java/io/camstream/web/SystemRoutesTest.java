package io.camstream.web;

import static io.camstream.testing.SecuredServer.as;
import static io.camstream.testing.SecuredServer.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.auth.Role;
import io.camstream.testing.SecuredServer;
import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /reboot, /shutdown and /logs: the old routes, now for admins or the key only. */
class SystemRoutesTest {
  @TempDir
  Path dir;

  @Test
  void rebootRunsItsCommandOnlyWithTheRightKeyOrAnAdmin() throws Exception {
    Path marker = dir.resolve("rebooted");
    Map<String, String> config = Map.of("auth.rebootKey", "the-reboot-key", "system.commandsInContainer", "true",
        "system.rebootCommand", "touch " + marker, "system.shutdownCommand", "false");
    try (TestServer server = SecuredServer.start(dir, config)) {
      assertThat(get(server, "/reboot").statusCode()).isEqualTo(401);
      assertThat(get(server, "/reboot?key=wrong").statusCode()).isEqualTo(401);
      assertThat(get(server, "/reboot?key=").statusCode()).isEqualTo(401);
      assertThat(as(Role.OPERATOR, server, "/reboot").statusCode()).isEqualTo(403);
      assertThat(marker).doesNotExist();

      var byKey = get(server, "/reboot?key=the-reboot-key");
      assertThat(byKey.statusCode()).isEqualTo(200);
      assertThat(byKey.body()).isEqualTo("200");
      assertThat(marker).exists();
      Files.delete(marker);
      assertThat(get(server, "/reboot?key=" + SecuredServer.enc(SecuredServer.PASSWORD + " admin")).statusCode())
          .as("an admin's password as the key").isEqualTo(200);
      assertThat(marker).exists();
      Files.delete(marker);
      assertThat(as(Role.ADMIN, server, "/reboot").statusCode()).isEqualTo(200);
      assertThat(marker).exists();

      var failed = get(server, "/shutdown?key=the-reboot-key");
      assertThat(failed.statusCode()).isEqualTo(500);
      assertThat(failed.body()).doesNotContain("Exception").contains("exit code 1").contains("system.shutdownCommand");
    }
  }

  @Test
  void theKeyIsStillNeededWhenAccessControlIsOff() {
    try (TestServer server = TestServer.start(Map.of("auth.rebootKey", "k", "system.rebootCommand", "true",
        "system.commandsInContainer", "true"))) {
      assertThat(get(server, "/reboot").statusCode()).isEqualTo(401);
      assertThat(get(server, "/reboot?key=no").statusCode()).isEqualTo(401);
      assertThat(get(server, "/reboot?key=k").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void insideAContainerTheCommandsAreOffUnlessAllowed() throws Exception {
    // a marker file of our own stands in for Docker's /.dockerenv
    Path marker = Files.createFile(dir.resolve("dockerenv"));
    try (TestServer server = SecuredServer.start(dir, Map.of("system.rebootCommand", "true",
        "system.containerMarkers", marker.toString()))) {
      var refused = as(Role.ADMIN, server, "/reboot");
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body()).contains("commandsInContainer");
    }
    try (TestServer server = SecuredServer.start(Files.createDirectories(dir.resolve("allowed")),
        Map.of("system.rebootCommand", "true", "system.containerMarkers", marker.toString(),
            "system.commandsInContainer", "true"))) {
      assertThat(as(Role.ADMIN, server, "/reboot").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void logsHaveTheOldShapeAndABoundedTailOfTheServerLog() throws Exception {
    Path logDir = Files.createDirectories(dir.resolve("logs"));
    StringBuilder log = new StringBuilder();
    for (int i = 0; log.length() < 600_000; i++) {
      log.append("line ").append(i).append(" of the server log\n");
    }
    log.append("the last line\n");
    Files.writeString(logDir.resolve("camstream.log"), log);
    try (TestServer server = SecuredServer.start(dir, Map.of("log.dir", logDir.toString()))) {
      assertThat(as(Role.OPERATOR, server, "/logs").statusCode()).isEqualTo(403);
      var response = as(Role.ADMIN, server, "/logs");
      assertThat(response.statusCode()).isEqualTo(200);
      JsonArray logs = new JsonArray(response.body());
      assertThat(logs).hasSize(2);
      assertThat(logs.getJsonObject(0).fieldNames()).containsExactly("System");
      assertThat(logs.getJsonObject(1).fieldNames()).containsExactly("Server");
      String server1 = logs.getJsonObject(1).getString("Server");
      assertThat(server1).endsWith("the last line\n").startsWith("line ");
      assertThat(server1.length()).isLessThanOrEqualTo(128 * 1024);
      assertThat(logs.getJsonObject(0).getString("System").length()).isLessThanOrEqualTo(128 * 1024);
    }
  }
}
