package io.camstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.CameraState;
import io.camstream.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The official JavaScript bridge client (@vertx/eventbus-bridge-client.js from npm), run
 * under Node against the SockJS bridge at /eventbus.
 */
class SockJsBridgeNodeTest {
  static final Path SOURCES = Path.of("src/test/node");
  static final Path WORK = Path.of("target/node-bridge");

  @Test
  void theOfficialClientGetsStateTogglesGrayscaleAndIsRefusedFrames() throws Exception {
    installClient();
    try (TestServer server = TestServer.start()) {
      Process node = new ProcessBuilder("node", "bridge-client.js", server.url("/eventbus"))
          .directory(WORK.toFile()).redirectErrorStream(true).start();
      assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node client finished").isTrue();
      String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(node.exitValue()).as(output).isZero();
      assertThat(output).contains("initial grayscale=false", "reply grayscale=true", "published grayscale=true",
          "bad value failureCode=400", "frames refused=access_denied");
      assertThat(CameraState.of(server).getBoolean("grayscale")).isTrue();
    }
  }

  /**
   * npm ci from the committed lock file, once per build directory. Test classes run in two
   * JVMs at once (surefire forkCount), so a file lock keeps them from installing together.
   */
  static void installClient() throws IOException, InterruptedException {
    Files.createDirectories(WORK);
    try (FileChannel lock = FileChannel.open(WORK.resolveSibling("node-bridge.lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock held = lock.lock()) {
      for (String file : List.of("package.json", "package-lock.json", "bridge-client.js")) {
        Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
      }
      if (!Files.isDirectory(WORK.resolve("node_modules/@vertx/eventbus-bridge-client.js"))) {
        npmCi();
      }
    }
  }

  private static void npmCi() throws IOException, InterruptedException {
    Process npm;
    try {
      npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(WORK.toFile())
          .redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("node and npm are needed for this test; run bash .ci/run, which installs them", e);
    }
    String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(npm.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(npm.exitValue()).as("npm ci: " + output).isZero();
  }
}
