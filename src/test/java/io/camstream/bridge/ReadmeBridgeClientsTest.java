package io.camstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Poll;
import io.camstream.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The client examples in the README run as printed, against a real server. */
class ReadmeBridgeClientsTest {

  static String codeBlock(String language, String marker) throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    while (m.find()) {
      if (m.group(1).contains(marker)) {
        return m.group(1);
      }
    }
    throw new AssertionError("README has no " + language + " block with " + marker);
  }

  @Test
  void thePythonTcpClientWorks() throws Exception {
    try (TestServer server = TcpBridgeTest.start()) {
      String code = codeBlock("python", "struct.pack")
          .replace("(\"camera.local\", 7000)", "(\"127.0.0.1\", " + TcpBridgeTest.bridgePort(server) + ")");
      Process python;
      try {
        python = new ProcessBuilder("python3", "-c", code).redirectErrorStream(true).start();
      } catch (java.io.IOException e) {
        throw new AssertionError("python3 is needed; run bash .ci/run, which installs it", e);
      }
      assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(python.exitValue()).as(output).isZero();
      assertThat(output).contains("state: {").contains("now gray: True");
    }
  }

  @Test
  void theJavaScriptSockJsClientWorks() throws Exception {
    SockJsBridgeNodeTest.installClient();
    try (TestServer server = TestServer.start()) {
      String code = codeBlock("js", "eventbus-bridge-client")
          .replace("http://camera.local:5000/eventbus", server.url("/eventbus"));
      Path script = SockJsBridgeNodeTest.WORK.resolve("readme-client.js");
      Files.writeString(script, code);
      Path log = SockJsBridgeNodeTest.WORK.resolve("readme-client.log");
      Process node = new ProcessBuilder("node", "readme-client.js").directory(SockJsBridgeNodeTest.WORK.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      // the example keeps listening; wait until it has shown the change (or died), then stop it
      Poll.until(Duration.ofSeconds(30), "the README's JavaScript client to show the change",
          () -> readQuietly(log), text -> text.contains("now gray: true") || !node.isAlive());
      node.destroy();
      assertThat(readQuietly(log)).contains("state {").contains("now gray: true");
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
