package io.camstream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Http;
import io.camstream.testing.Poll;
import io.camstream.testing.TestServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shell command the README shows is run here, as printed, against the packaged jar, or is
 * named in {@link #RUN_ELSEWHERE} with the place that runs it (or why only a real Pi or Docker
 * engine can). A command added to the README fails this test until it is one or the other, so the
 * README cannot drift from what works.
 */
class ReadmeCommandsIT {
  static final Path JAR = Path.of(System.getProperty("camstream.jar", "target/camstream.jar")).toAbsolutePath();
  static final String PASSWORD = "README-password-long-enough";

  /** Commands (by their start) that this test does not run, and what runs or checks them instead. */
  static final Map<String, String> RUN_ELSEWHERE = new LinkedHashMap<>();

  static {
    RUN_ELSEWHERE.put("bash .ci/run", "is the build running this test");
    RUN_ELSEWHERE.put("mvn -B -q package -DskipTests", "is part of .ci/run's mvn -B verify, which built the jar under test");
    RUN_ELSEWHERE.put("mvn -B package -DskipTests -Dcamstream.release=true",
        "the release build: PackagedNativesIT checks its jar when the build runs with -Dcamstream.release=true; CI builds the host jar");
    RUN_ELSEWHERE.put("bash .ci/update-screenshots.sh", "runs PanelOnPhoneBrowserTest, which .ci/run runs too");
    RUN_ELSEWHERE.put("cd camstream", "the Pi's copy of this repository");
    RUN_ELSEWHERE.put("sudo raspi-config", "needs a Raspberry Pi");
    RUN_ELSEWHERE.put("sudo reboot", "needs a Raspberry Pi");
    RUN_ELSEWHERE.put("curl -fsSL https://get.docker.com", "needs a Docker engine (none can run on the CI machine)");
    RUN_ELSEWHERE.put("git clone <this repository>", "the Pi's copy of this repository");
    RUN_ELSEWHERE.put("docker compose", "needs a Docker engine (none can run on the CI machine)");
    RUN_ELSEWHERE.put("sudo cp docker/", "needs systemd and a Pi camera");
    RUN_ELSEWHERE.put("sudo systemctl", "needs systemd");
    RUN_ELSEWHERE.put("sudo apt install", "the install on a fresh Debian: .ci/check-install-debian.sh runs it in a debootstrap root");
    RUN_ELSEWHERE.put("sudo docker/install.sh", "the install on a fresh Debian: .ci/check-install-debian.sh runs it in a debootstrap root");
    RUN_ELSEWHERE.put("bench/cluster-managers.sh", "a benchmark of several minutes (dozens of JVMs, Maven resolving"
        + " both cluster managers); the cluster it measures is camstream's ClusterNode, which ClusterNodesTest runs");
  }

  /** Commands run exactly as printed in the server's working folder (backup, restore, a test certificate). */
  static final List<String> AS_PRINTED = List.of("sqlite3 ", "tar ", "mv ", "openssl ");

  @TempDir
  Path dir;

  /** One shell command as the README prints it, with the line it is on. */
  record Command(int line, String text) {
  }

  static List<Command> readmeCommands() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
    List<Command> commands = new ArrayList<>();
    boolean inShell = false;
    StringBuilder pending = new StringBuilder();
    int start = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.strip().startsWith("```")) {
        inShell = !inShell && line.strip().equals("```sh");
        continue;
      }
      if (!inShell) {
        continue;
      }
      String text = withoutComment(line).strip();
      if (text.isEmpty()) {
        continue;
      }
      if (pending.length() == 0) {
        start = i + 1;
      }
      if (text.endsWith("\\")) {
        pending.append(text, 0, text.length() - 1).append(' ');
        continue;
      }
      pending.append(text);
      for (String part : pending.toString().split(" && ")) {
        commands.add(new Command(start, part.strip()));
      }
      pending.setLength(0);
    }
    return commands;
  }

  /** The line without a trailing shell comment ("#" at the start or after a space, outside quotes). */
  static String withoutComment(String line) {
    boolean single = false;
    boolean dbl = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'' && !dbl) {
        single = !single;
      } else if (c == '"' && !single) {
        dbl = !dbl;
      } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return line.substring(0, i);
      }
    }
    return line;
  }

  @Test
  void everyShellCommandInTheReadmeRunsAsPrinted() throws Exception {
    assertThat(JAR).as("run mvn package first").exists();
    List<Command> commands = readmeCommands();
    assertThat(commands).as("the README's sh blocks").hasSizeGreaterThan(20);
    List<String> ran = new ArrayList<>();
    for (Command command : commands) {
      String text = command.text();
      if (RUN_ELSEWHERE.keySet().stream().anyMatch(text::startsWith)) {
        continue;
      }
      String where = "README line " + command.line() + ": " + text;
      long started = System.nanoTime();
      if (text.startsWith("java -jar ")) {
        runJar(where, text);
      } else if (text.startsWith("curl ")) {
        runCurl(where, text);
      } else if (AS_PRINTED.stream().anyMatch(text::startsWith)) {
        if (!Files.exists(dir.resolve("media/media.db"))) {
          startedOnce();
        }
        Result result = shell(text, "", Duration.ofSeconds(60));
        assertThat(result.code).as(where + "\n" + result.output).isZero();
      } else if (text.contains("bench/run.sh")) {
        runBenchmark(where, text);
      } else {
        throw new AssertionError(where + "\nis neither run by this test nor listed in RUN_ELSEWHERE with what runs it");
      }
      ran.add(text);
      System.out.printf("%5.1f s  %s%n", (System.nanoTime() - started) / 1e9, where);
    }
    // the kinds of command a user meets first are all among those run
    assertThat(ran).anyMatch(c -> c.contains("--version")).anyMatch(c -> c.contains(" db --list"))
        .anyMatch(c -> c.contains(" user add ")).anyMatch(c -> c.startsWith("curl "))
        .anyMatch(c -> c.startsWith("sqlite3 ")).anyMatch(c -> c.contains("config import"));
    // after the README's backup and restore, the library is whole and the server reads it
    Result list = shell(javaCommand("db --list"), "", Duration.ofSeconds(60));
    assertThat(list.code).as(list.output).isZero();
  }

  private void runJar(String where, String text) throws Exception {
    String args = text.replaceFirst("^java -jar \\S*camstream\\.jar", "").strip();
    String first = args.isEmpty() ? "" : args.split("\\s+")[0];
    if (List.of("db", "user", "config", "cluster", "--help", "--version").contains(first)) {
      prepareFor(args);
      Result result = shell(javaCommand(args), PASSWORD + "\n", Duration.ofSeconds(60));
      assertThat(result.code).as(where + "\n" + result.output).isZero();
      if (first.equals("--version")) {
        assertThat(result.output.strip()).as(where).contains(System.getProperty("camstream.version", ""));
      }
      return;
    }
    int port = TestServer.freePort();
    args = args.replace("/etc/camstream/config.json", "conf/readme-config.json")
        .replaceAll("--media\\s+/\\S+", "--media media-elsewhere");
    if (args.contains("conf/readme-config.json")) {
      Files.createDirectories(dir.resolve("conf"));
      Files.writeString(dir.resolve("conf/readme-config.json"), "{\"camera\": {\"source\": \"test\"}}\n");
    }
    args = args.matches(".*--port\\s+\\d+.*") ? args.replaceAll("--port\\s+\\d+", "--port " + port)
        : args + " --port " + port;
    Process server = start(javaCommand(args));
    try {
      // from outside, as a user's curl sees it: HTTPS when the command gives a certificate
      String url = (args.contains("tlsCertFile") ? "https" : "http") + "://127.0.0.1:" + port + "/health";
      Poll.until(Duration.ofSeconds(90), "the server of " + where + " to answer " + url, () -> {
        assertThat(server.isAlive()).as(where + " exited:\n" + read(dir.resolve("out.txt"))).isTrue();
        try {
          return shell("curl -sk -o /dev/null -w '%{http_code}' " + url, "", Duration.ofSeconds(20)).output.strip();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, code -> code.equals("200") || code.equals("401"));
    } finally {
      server.destroy();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).as(where + " stops on SIGTERM").isTrue();
    }
  }

  /** What a one-shot command needs to find, as a user who follows the README would have it. */
  private void prepareFor(String args) throws Exception {
    Matcher add = Pattern.compile("db --add (\\S+)").matcher(args);
    if (add.find()) {
      Path picture = dir.resolve("media").resolve(add.group(1));
      Files.createDirectories(picture.getParent());
      ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB), "jpg", picture.toFile());
    }
    if (args.startsWith("db --rebuild")) {
      // what --rebuild is for: a media.db SQLite cannot read
      Files.writeString(dir.resolve("media/media.db"), "not a database any more");
    }
    if (args.startsWith("config import config.txt")) {
      // an old server's config.txt as seed-facts.md describes it
      Files.writeString(dir.resolve("config.txt"), "[SETTINGS]\n# the old server's camera\ncamera = default\nlight = False\n"
          + "lighttype = neopixel\nnumlights = 1\n\n[KEYS]\nuserkey = a-reboot-key\n");
    }
    if (args.startsWith("user ") && !Files.exists(dir.resolve("conf/users.json"))) {
      // the README's user commands follow a first start, which made the users file
      startedOnce();
    }
  }

  private void startedOnce() throws Exception {
    runJar("a first start", "java -jar camstream.jar --camera test");
  }

  private void runCurl(String where, String text) throws Exception {
    int port = TestServer.freePort();
    Result add = shell(javaCommand("user add alice operator"), PASSWORD + "\n", Duration.ofSeconds(60));
    if (add.code != 0 && !add.output.contains("exists")) {
      throw new AssertionError("adding alice for " + where + ": " + add.output);
    }
    Result token = shell(javaCommand("user token alice"), "", Duration.ofSeconds(60));
    assertThat(token.code).as(token.output).isZero();
    String tokenValue = lastWord(token.output);
    Process server = start(javaCommand("--camera test --port " + port));
    try {
      Poll.until(Duration.ofSeconds(90), "the server for " + where + " to take alice's token", () -> {
        assertThat(server.isAlive()).as("server exited:\n" + read(dir.resolve("out.txt"))).isTrue();
        try {
          return Http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/state"))
              .header("Authorization", "Bearer " + tokenValue).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IllegalStateException notYet) {
          return -1;
        }
      }, code -> code == 200);
      String curl = text.replace("camera.local:5000", "127.0.0.1:" + port).replace("PASSWORD", PASSWORD.replace("'", ""))
          .replaceFirst("^curl ", "curl -sS -o /dev/null -w '%{http_code}' ");
      Result result = shell("TOKEN='" + tokenValue + "'; " + curl, "", Duration.ofSeconds(30));
      assertThat(result.output.strip()).as(where + " answers 200").isEqualTo("200");
    } finally {
      server.destroy();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private void runBenchmark(String where, String text) throws Exception {
    // the command as printed, cut to one short scenario so it fits in a test run
    Path root = Path.of("").toAbsolutePath();
    String small = text + " --scenarios test-480 --viewers 2 --duration 2 --warmup 1 --repeat 1 --max-load 1000"
        + " --load-wait 0 --port " + TestServer.freePort() + " --out " + dir.resolve("bench-out");
    Result result = shellIn(root, small, "", Duration.ofSeconds(180));
    assertThat(result.code).as(where + "\n" + result.output).isZero();
    assertThat(dir.resolve("bench-out/results.md")).as(where + " writes its table").exists();
  }

  private String javaCommand(String args) {
    return "java -Xmx256m -jar '" + JAR + "' " + args;
  }

  private Process start(String command) throws IOException {
    return new ProcessBuilder("bash", "-c", "exec " + command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("out.txt").toFile()).start();
  }

  record Result(int code, String output) {
  }

  private Result shell(String command, String input, Duration limit) throws Exception {
    return shellIn(dir, command, input, limit);
  }

  private static Result shellIn(Path folder, String command, String input, Duration limit) throws Exception {
    Path output = Files.createTempFile("readme-command", ".txt");
    try {
      Process process = new ProcessBuilder("bash", "-c", command).directory(folder.toFile()).redirectErrorStream(true)
          .redirectOutput(output.toFile()).start();
      process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().close();
      if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not finish within " + limit + ":\n" + read(output));
      }
      return new Result(process.exitValue(), read(output));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static String lastWord(String output) {
    String[] words = output.strip().split("\\s+");
    return words[words.length - 1];
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return e.toString();
    }
  }
}
