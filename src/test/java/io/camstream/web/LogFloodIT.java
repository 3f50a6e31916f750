package io.camstream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Http;
import io.camstream.testing.Poll;
import io.camstream.testing.SecuredServer;
import io.camstream.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server under a flood of client mistakes: malformed TCP-bridge frames, corrupt
 * WebSocket frames and broken-off downloads write a bounded number of one-line log entries,
 * no stack trace, and the failed sign-in recorded before the flood is still in the log file.
 */
class LogFloodIT {
  static final String JAR = System.getProperty("camstream.jar", "target/camstream.jar");
  private static final int CONNECTIONS = 1500;

  @TempDir
  Path dir;

  @Test
  void aFloodOfClientMistakesWritesAFewLinesAndNoStackTrace() throws Exception {
    int port = TestServer.freePort();
    int bridgePort = TestServer.freePort();
    Files.createDirectories(dir.resolve("media"));
    byte[] big = new byte[32 * 1024 * 1024];
    Files.write(dir.resolve("media/big.avi"), big);
    List<String> command = List.of("java", "-Xmx256m", "-jar", Path.of(JAR).toAbsolutePath().toString(),
        "--port", String.valueOf(port), "--camera", "test", "--media", "media",
        "--set", "server.host=127.0.0.1", "--set", "camera.width=320", "--set", "camera.height=240",
        "--set", "bridge.tcpEnabled=true", "--set", "bridge.tcpHost=127.0.0.1", "--set", "bridge.tcpPort=" + bridgePort);
    Process server = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(dir.resolve("server.out").toFile()).redirectError(dir.resolve("server.err").toFile()).start();
    try {
      String base = "http://127.0.0.1:" + port;
      Poll.until(Duration.ofSeconds(90), "the jar to answer /health", () -> {
        assertThat(server.isAlive()).as("server process exited").isTrue();
        try {
          return Http.get(base + "/health").statusCode() == 200;
        } catch (IllegalStateException notYet) {
          return false;
        }
      });
      Path log = dir.resolve("logs/camstream.log");
      HttpClient client = HttpClient.newHttpClient();
      String wrong = SecuredServer.basic("mallory", "guess-before-the-flood");
      client.send(HttpRequest.newBuilder(URI.create(base + "/api/state")).header("Authorization", wrong).build(),
          HttpResponse.BodyHandlers.discarding());
      Poll.until(Duration.ofSeconds(20), "the failed sign-in in the log", () -> read(log).contains("\"mallory\""));
      long linesBefore = read(log).lines().count();

      byte[][] frames = {"{not json".getBytes(StandardCharsets.UTF_8), "[1,2]".getBytes(StandardCharsets.UTF_8),
          "{\"type\":\"send\"}".getBytes(StandardCharsets.UTF_8), {0, 1, 2}};
      for (int i = 0; i < CONNECTIONS; i++) {
        try (Socket socket = new Socket("127.0.0.1", bridgePort)) {
          byte[] frame = frames[i % frames.length];
          OutputStream out = socket.getOutputStream();
          out.write(ByteBuffer.allocate(4).putInt(frame.length).array());
          out.write(frame);
          out.flush();
        }
      }
      for (int i = 0; i < 100; i++) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
          socket.setSoTimeout(10_000);
          OutputStream out = socket.getOutputStream();
          out.write(("GET /ws/state HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
          // an unmasked client frame breaks the WebSocket protocol
          out.write(new byte[] {(byte) 0x81, 5, 'h', 'e', 'l', 'l', 'o'});
          out.flush();
        }
      }
      String admin = SecuredServer.basic("admin", Files.readString(dir.resolve("conf/admin-password.txt")).trim()
          .lines().reduce((a, b) -> b).orElseThrow().trim());
      for (int i = 0; i < 50; i++) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
          socket.setReceiveBufferSize(4096);
          socket.getOutputStream().write(("GET /media/big.avi HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + admin
              + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          InputStream in = socket.getInputStream();
          in.readNBytes(64 * 1024);
          // broken off mid-download, with a reset rather than a polite close
          socket.setSoLinger(true, 0);
        }
      }
      // a sign-in failure after the flood: once it is in the log, so is all the flood wrote
      String after = SecuredServer.basic("trudy", "guess-after-the-flood");
      client.send(HttpRequest.newBuilder(URI.create(base + "/api/state")).header("Authorization", after).build(),
          HttpResponse.BodyHandlers.discarding());
      Poll.until(Duration.ofSeconds(30), "the second failed sign-in in the log", () -> read(log).contains("\"trudy\""));

      String text = read(log);
      List<String> added = text.lines().skip(linesBefore).toList();
      System.out.println("log lines written by " + (CONNECTIONS + 150) + " bad connections: " + added.size());
      assertThat(added.stream().filter(line -> line.startsWith("\tat ") || line.startsWith("Caused by")))
          .as("stack-trace lines written by the flood").isEmpty();
      assertThat(added.size()).as("lines written by %d bad connections: %s", CONNECTIONS + 150, added)
          .isLessThan(100);
      assertThat(added).as("the flood is said, not hidden").anyMatch(line -> line.contains("client fault from"));
      assertThat(text).as("the sign-in record from before the flood").contains("\"mallory\"");
      assertThat(server.isAlive()).isTrue();
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
