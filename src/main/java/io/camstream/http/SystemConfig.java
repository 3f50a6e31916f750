package io.camstream.http;

import io.camstream.config.ConfigSection;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The {@code system} section: what /reboot and /shutdown run. */
public record SystemConfig(List<String> rebootCommand, List<String> shutdownCommand, boolean commandsInContainer) {

  public static SystemConfig from(JsonObject config) {
    ConfigSection s = new ConfigSection("", config).section("system");
    s.rejectUnknown("rebootCommand", "shutdownCommand", "commandsInContainer");
    return new SystemConfig(words(s.string("rebootCommand", "sudo -n shutdown -r +1")),
        words(s.string("shutdownCommand", "sudo -n shutdown -h +1")), s.bool("commandsInContainer", false));
  }

  private static List<String> words(String command) {
    return command.isBlank() ? List.of() : Arrays.asList(command.trim().split("\\s+"));
  }

  /** Docker and Podman leave these marker files in their containers. */
  public static boolean inContainer() {
    return Files.exists(Path.of("/.dockerenv")) || Files.exists(Path.of("/run/.containerenv"));
  }
}
