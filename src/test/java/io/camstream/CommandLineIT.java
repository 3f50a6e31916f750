package io.camstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Http;
import io.camstream.testing.Poll;
import io.camstream.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, started the way the README says. */
class CommandLineIT {
  static final String JAR = System.getProperty("camstream.jar", "target/camstream.jar");

  @TempDir
  Path dir;

  private Process launch(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("java", "-Xmx256m", "-jar", Path.of(JAR).toAbsolutePath().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
    builder.environment().putAll(env);
    return builder.start();
  }

  @Test
  void startsWithCommandLineOptionsServesVideoLogsToAFileAndStopsOnSigterm() throws Exception {
    int port = TestServer.freePort();
    Path media = dir.resolve("my-media");
    Process server = launch(Map.of(), "--port", String.valueOf(port), "--camera", "test", "--media", media.toString(),
        "--set", "camera.width=320", "--set", "camera.height=240", "--auth", "off");
    try {
      Poll.until(Duration.ofSeconds(60), "the jar to answer /health", () -> healthStatus(port), code -> code == 200);
      var frame = Http.getBytes("http://127.0.0.1:" + port + "/frame.jpg");
      assertThat(frame.statusCode()).isEqualTo(200);
      assertThat(frame.body()[0] & 0xFF).isEqualTo(0xFF);
      assertThat(frame.body()[1] & 0xFF).isEqualTo(0xD8);
      Path log = dir.resolve("logs/camstream.log");
      Poll.until(Duration.ofSeconds(10), "the log file", () -> read(log), text -> text.contains("listening on"));
    } finally {
      server.destroy();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    }
    assertThat(read(dir.resolve("stdout.txt"))).contains("camstream stopping");
  }

  @Test
  void environmentVariablesOverrideTheConfig() throws Exception {
    int port = TestServer.freePort();
    Process server = launch(Map.of("CAMSTREAM_SERVER_PORT", String.valueOf(port), "CAMSTREAM_CAMERA_SOURCE", "test",
        "CAMSTREAM_MEDIA_DIR", dir.resolve("m").toString()));
    try {
      Poll.until(Duration.ofSeconds(60), "the jar on the port from the environment", () -> healthStatus(port),
          code -> code == 200);
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aBadValueStopsStartUpNamingTheKeyAndTheAllowedValues() throws Exception {
    Process bad = launch(Map.of(), "--set", "camera.fps=0");
    assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(bad.exitValue()).isEqualTo(2);
    assertThat(read(dir.resolve("stderr.txt"))).contains("camera.fps").contains("1 to 240");

    Process unknown = launch(Map.of(), "--camera", "webcam");
    assertThat(unknown.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(unknown.exitValue()).isEqualTo(2);
    assertThat(read(dir.resolve("stderr.txt"))).contains("camera.source").contains("usb:/dev/videoN");

    Process help = launch(Map.of(), "--help");
    assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(help.exitValue()).isZero();
    assertThat(read(dir.resolve("stdout.txt"))).contains("--camera SOURCE");
  }

  private static int healthStatus(int port) {
    try {
      return Http.get("http://127.0.0.1:" + port + "/health").statusCode();
    } catch (IllegalStateException notYet) {
      return -1;
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
