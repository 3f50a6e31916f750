package io.camstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camstream.Camstream;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir
  Path dir;

  @Test
  void defaultsAreTheDocumentedFile() {
    JsonObject config = ConfigLoader.load(null, Map.of(), Map.of());
    assertThat(config.getJsonObject("server").getInteger("port")).isEqualTo(5000);
    assertThat(config.getJsonObject("camera").getString("source")).isEqualTo("auto");
    Camstream.validate(config);
  }

  @Test
  void userFileEnvironmentAndCommandLineOverrideInThatOrder() throws Exception {
    Path file = dir.resolve("my.json");
    Files.writeString(file, """
        // comments are allowed, and // inside strings is kept
        { "server": { "port": 6000 }, "camera": { "source": "mjpeg-url:http://192.0.2.1/x", "fps": 10 } }
        """);
    JsonObject config = ConfigLoader.load(file,
        Map.of("CAMSTREAM_CAMERA_FPS", "15", "CAMSTREAM_CAMERA_IDLE_RELEASE_SECONDS", "4", "CAMSTREAM_SERVER_PORT", "7000"),
        Map.of("server.port", "8000"));
    assertThat(config.getJsonObject("server").getInteger("port")).isEqualTo(8000);
    assertThat(config.getJsonObject("camera").getInteger("fps")).isEqualTo(15);
    assertThat(config.getJsonObject("camera").getDouble("idleReleaseSeconds")).isEqualTo(4.0);
    assertThat(config.getJsonObject("camera").getString("source")).isEqualTo("mjpeg-url:http://192.0.2.1/x");
    Camstream.validate(config);
  }

  @Test
  void badValuesNameTheKeyAndWhatIsAllowed() {
    assertThatThrownBy(() -> Camstream.validate(ConfigLoader.load(null, Map.of(), Map.of("camera.fps", "0"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("camera.fps").hasMessageContaining("1 to 240");
    assertThatThrownBy(() -> Camstream.validate(ConfigLoader.load(null, Map.of(), Map.of("camera.source", "webcam"))))
        .hasMessageContaining("camera.source").hasMessageContaining("auto, test, usb");
    assertThatThrownBy(() -> Camstream.validate(ConfigLoader.load(null, Map.of(), Map.of("camera.type", "zoom"))))
        .hasMessageContaining("camera.type").hasMessageContaining("generic, LiquidLens");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CAMSTREAM_SERVER_PORT", "eighty"), Map.of()))
        .hasMessageContaining("server.port").hasMessageContaining("CAMSTREAM_SERVER_PORT");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("camera.color", "red")))
        .hasMessageContaining("camera.color").hasMessageContaining("not known");
  }

  @Test
  void typosInTheFileAreRefused() throws Exception {
    Path file = dir.resolve("typo.json");
    Files.writeString(file, "{ \"camera\": { \"fsp\": 10 } }");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of()))
        .hasMessageContaining("camera.fsp").hasMessageContaining("not known");
    Files.writeString(file, "{ \"camera\": ");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of()))
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void anUnknownCamstreamVariableIsRefusedWithTheClosestName() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CAMSTREAM_CAMERA_FSP", "15"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("environment variable CAMSTREAM_CAMERA_FSP is not a camstream setting")
        .hasMessageContaining("did you mean CAMSTREAM_CAMERA_FPS (camera.fps)?");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CAMSTREAM_BRIDGE_TCPENABLED", "true"), Map.of()))
        .hasMessageContaining("did you mean CAMSTREAM_BRIDGE_TCP_ENABLED (bridge.tcpEnabled)?");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CAMSTREAM_WHATEVER_THIS_IS", "1"), Map.of()))
        .hasMessageContaining("CAMSTREAM_WHATEVER_THIS_IS is not a camstream setting")
        .hasMessageNotContaining("did you mean");
    // camstream.service's command-line variable and other programs' variables pass
    assertThat(ConfigLoader.load(null, Map.of("CAMSTREAM_ARGS", "--camera pi", "HOME", "/root", "CAMSTREAM_CAMERA_FPS", "15"),
        Map.of()).getJsonObject("camera").getInteger("fps")).isEqualTo(15);
  }

  @Test
  void unknownKeysInAFileOrAnOptionNameTheClosestKey() throws Exception {
    Path file = dir.resolve("typo.json");
    Files.writeString(file, "{ \"camera\": { \"fsp\": 10 } }");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of()))
        .hasMessageContaining("did you mean camera.fps?");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("camera.idleReleaseSecond", "3")))
        .hasMessageContaining("did you mean camera.idleReleaseSeconds?");
  }

  @Test
  void everyCamstreamVariableTheRepositoryMentionsIsASetting() throws Exception {
    // compose files, the unit, the Dockerfile and the README tell users these names: a typo
    // there would be refused at start
    JsonObject shape = ConfigLoader.defaults();
    java.util.regex.Pattern name = java.util.regex.Pattern.compile("CAMSTREAM_[A-Z0-9_]*[A-Z0-9]");
    for (String doc : List.of("README.md", "docker/compose.yaml", "docker/compose.neopixel.yaml",
        "docker/compose.trinket.yaml", "docker/Dockerfile", "docker/camstream.service", "docker/install.sh")) {
      var found = name.matcher(Files.readString(Path.of(doc)));
      while (found.find()) {
        String variable = found.group();
        if (Set.of("CAMSTREAM_SECTION_KEY", "CAMSTREAM_UID", "CAMSTREAM_CAMERA_FSP").contains(variable)) {
          continue; // the README's pattern, a Dockerfile build argument, the README's example of a refused typo
        }
        assertThatCode(() -> ConfigLoader.rejectUnknownEnv(shape, Map.of(variable, "x")))
            .as(variable + " in " + doc).doesNotThrowAnyException();
      }
    }
  }

  @Test
  void oldSourceNamesAreAccepted() {
    for (String old : new String[] {"default", "Pi", "PiCamera", "usb:/dev/video2", "usb:1", "pipe:ffmpeg -i x -f mjpeg -"}) {
      Camstream.validate(ConfigLoader.load(null, Map.of(), Map.of("camera.source", old)));
    }
    assertThatThrownBy(() -> Camstream.validate(ConfigLoader.load(null, Map.of(), Map.of("camera.source", "pipe:"))))
        .hasMessageContaining("pipe needs the command");
    assertThatThrownBy(() -> Camstream.validate(ConfigLoader.load(null, Map.of(), Map.of("camera.source", "mjpeg-url:ftp://x"))))
        .hasMessageContaining("http://");
  }
}
