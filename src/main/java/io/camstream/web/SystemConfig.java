package io.camstream.web;

import io.camstream.config.ConfigSection;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The {@code system} section: what /reboot and /shutdown run. */
public record SystemConfig(List<String> rebootCommand, List<String> shutdownCommand, boolean commandsInContainer,
    List<Path> containerMarkers) {

  public static SystemConfig from(JsonObject config) {
    ConfigSection s = new ConfigSection("", config).section("system");
    s.rejectUnknown("rebootCommand", "shutdownCommand", "commandsInContainer", "containerMarkers");
    return new SystemConfig(words(s.string("rebootCommand", "sudo -n shutdown -r +1")),
        words(s.string("shutdownCommand", "sudo -n shutdown -h +1")), s.bool("commandsInContainer", false),
        words(s.string("containerMarkers", "/.dockerenv /run/.containerenv")).stream().map(Path::of).toList());
  }

  private static List<String> words(String command) {
    return command.isBlank() ? List.of() : Arrays.asList(command.trim().split("\\s+"));
  }

  /** Docker and Podman leave marker files in their containers. */
  public boolean inContainer() {
    return containerMarkers.stream().anyMatch(Files::exists);
  }
}
