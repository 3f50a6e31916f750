package io.camstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Http;
import io.camstream.testing.Poll;
import io.camstream.testing.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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

  /** Both outputs of the last run, for messages that go to the console (stdout) or stderr. */
  private String output() {
    return read(dir.resolve("stdout.txt")) + read(dir.resolve("stderr.txt"));
  }

  private String finished(Process process, int exitCode) throws InterruptedException {
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("exits by itself").isTrue();
    String output = output();
    assertThat(process.exitValue()).as(output).isEqualTo(exitCode);
    assertThat(output).as("no stack trace for an expected start failure").doesNotContain("\tat ").doesNotContain("Exception");
    return output;
  }

  @Test
  void mistakesOutsideTheConfigFileSayWhatToFixWithoutAStackTrace() throws Exception {
    assertThat(finished(launch(Map.of("CAMSTREAM_CAMERA_FSP", "15"), "--camera", "test"), 2))
        .contains("environment variable CAMSTREAM_CAMERA_FSP is not a camstream setting")
        .contains("did you mean CAMSTREAM_CAMERA_FPS (camera.fps)?");

    String missing = finished(launch(Map.of(), "--config", "nowhere/config.json"), 2);
    assertThat(missing).contains("does not exist").contains("--config");
    assertThat(missing.split("nowhere/config.json", -1)).as("the file is named once: " + missing).hasSize(2);

    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("0.0.0.0", 0));
      int port = taken.getLocalPort();
      assertThat(finished(launch(Map.of(), "--port", String.valueOf(port), "--camera", "test", "--auth", "off",
          "--media", dir.resolve("m").toString()), 1))
          .contains("port " + port + " is already in use").contains("--port N");
    }

    // a file where the media folder should be fails even for root, unlike a missing permission
    Path notAFolder = Files.writeString(dir.resolve("media-is-a-file"), "x");
    assertThat(finished(launch(Map.of(), "--port", String.valueOf(TestServer.freePort()), "--camera", "test",
        "--auth", "off", "--media", notAFolder.toString()), 1))
        .contains(notAFolder.toAbsolutePath() + " is a file, not a folder").contains("media.dir");
  }

  @Test
  void theUserCommandRunFromAnotherFolderRefusesInsteadOfStartingASecondUsersFile() throws Exception {
    // nothing in this folder: no config, no users file, as in a home folder beside a service
    String refused = finished(launch(Map.of(), "user", "list"), 2);
    assertThat(refused).contains("there is no users file at " + dir.toRealPath().resolve("conf/users.json"))
        .contains("--create");
    assertThat(dir.resolve("conf")).doesNotExist();

    Process create = launch(Map.of(), "user", "add", "alice", "admin", "--create");
    create.getOutputStream().write("alice's long password\n".getBytes(StandardCharsets.UTF_8));
    create.getOutputStream().close();
    finished(create, 0);
    assertThat(dir.resolve("conf/users.json")).exists();
  }

  @Test
  void versionIsTheMavenProjectVersion() throws Exception {
    Process version = launch(Map.of(), "--version");
    assertThat(version.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(version.exitValue()).isZero();
    assertThat(read(dir.resolve("stdout.txt")).strip())
        .isEqualTo("camstream " + System.getProperty("camstream.version", "0.1.0-SNAPSHOT"));
  }

  private static final String OLD_CONFIG_TXT = """
      [SETTINGS]
      # Pi, PiCamera, LiquidLens or default
      camera = LiquidLens
      # True or False
      light = False
      # neopixel or trinket
      lighttype =
      numlights =
      tty =
      baud =
      fps = 15

      [KEYS]
      userkey = old-key
      """;

  @Test
  void theOldServersConfigTxtInTheWorkingFolderIsReadAsItWas() throws Exception {
    Files.writeString(dir.resolve("config.txt"), OLD_CONFIG_TXT);
    Path marker = dir.resolve("rebooted");
    int port = TestServer.freePort();
    Process server = launch(Map.of(), "--port", String.valueOf(port), "--camera", "test", "--auth", "off",
        "--set", "system.rebootCommand=touch " + marker, "--set", "system.commandsInContainer=true");
    try {
      Poll.until(Duration.ofSeconds(60), "the jar to answer /health", () -> healthStatus(port), code -> code == 200);
      String base = "http://127.0.0.1:" + port;
      assertThat(Http.get(base + "/set_focus?value=0.5").statusCode()).as("camera = LiquidLens").isEqualTo(200);
      assertThat(Http.get(base + "/light?status=false").statusCode()).as("light = False").isEqualTo(403);
      assertThat(Http.get(base + "/reboot?key=wrong").statusCode()).isEqualTo(401);
      assertThat(Http.get(base + "/reboot?key=old-key").statusCode()).as("userkey").isEqualTo(200);
      assertThat(marker).exists();
      String log = read(dir.resolve("logs/camstream.log"));
      assertThat(log).contains("configuration: read config.txt (the old server's format")
          .contains("config file config.txt line 11: fps in [SETTINGS] is ignored");
    } finally {
      server.destroy();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void configImportWritesACommentedConfigJsonThatTheServerThenReads() throws Exception {
    Files.writeString(dir.resolve("config.txt"), OLD_CONFIG_TXT.replace("fps = 15\n", ""));
    Process imported = launch(Map.of(), "config", "import", "config.txt", "--out", "conf/config.json");
    assertThat(imported.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(imported.exitValue()).as(read(dir.resolve("stderr.txt"))).isZero();
    assertThat(read(dir.resolve("conf/config.json"))).contains("// config.txt line 3: camera = LiquidLens")
        .contains("\"type\": \"LiquidLens\"").contains("\"rebootKey\": \"old-key\"");

    Process again = launch(Map.of(), "config", "import", "config.txt", "--out", "conf/config.json");
    assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(again.exitValue()).isEqualTo(1);
    assertThat(read(dir.resolve("stderr.txt"))).contains("already exists and is kept").contains("--force");

    int port = TestServer.freePort();
    Process server = launch(Map.of(), "--port", String.valueOf(port), "--camera", "test", "--auth", "off");
    try {
      Poll.until(Duration.ofSeconds(60), "the jar to answer /health", () -> healthStatus(port), code -> code == 200);
      assertThat(Http.get("http://127.0.0.1:" + port + "/set_focus?value=0.5").statusCode()).isEqualTo(200);
      assertThat(read(dir.resolve("logs/camstream.log"))).as("conf/config.json comes before config.txt")
          .contains("configuration: read conf/config.json");
    } finally {
      server.destroy();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
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
