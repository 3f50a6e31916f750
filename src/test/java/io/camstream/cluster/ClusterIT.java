package io.camstream.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Http;
import io.camstream.testing.Poll;
import io.camstream.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar: clustering off costs nothing, on joins with the documented credentials, wrong stops start-up. */
class ClusterIT {
  private static final String JAR = System.getProperty("camstream.jar", "target/camstream.jar");
  /** Classes of a cluster manager (ours and the candidates'); none may load in a single server. */
  private static final List<String> CLUSTER_PACKAGES = List.of("org.infinispan.", "org.jgroups.",
      "io.vertx.ext.cluster.", "io.vertx.spi.cluster.hazelcast.", "com.hazelcast.", "io.camstream.cluster.ClusterNode");

  @TempDir
  static Path shared;
  @TempDir
  Path dir;

  @BeforeAll
  static void credentialsFromTheDocumentedCommand() throws Exception {
    Process command = launch(shared, List.of(), "cluster", "credentials", "creds");
    assertThat(command.waitFor(120, TimeUnit.SECONDS)).as("the credentials command finishes").isTrue();
    assertThat(command.exitValue()).as(read(shared.resolve("stderr.txt"))).isZero();
    assertThat(read(shared.resolve("stdout.txt"))).contains("Copy the folder to every member");
    for (String file : List.of("node.p12", "trust.p12", "password", "ca.crt")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared.resolve("creds").resolve(file))))
          .as(file).isEqualTo("rw-------");
    }
    Process again = launch(shared, List.of(), "cluster", "credentials", "creds");
    assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(again.exitValue()).isEqualTo(2);
    assertThat(read(shared.resolve("stderr.txt"))).contains("already exists").contains("every member needs the same");
  }

  @Test
  void aServerWithClusteringOffLoadsNoClusterManagerClass() throws Exception {
    int port = TestServer.freePort();
    Process server = launch(dir, List.of("-verbose:class"), "--port", String.valueOf(port), "--camera", "test",
        "--auth", "off", "--media", dir.resolve("media").toString(), "--set", "camera.width=320",
        "--set", "camera.height=240");
    try {
      awaitHealth(server, port);
      // a viewer starts the camera and the stream: what a single server runs, loaded
      assertThat(Http.getBytes("http://127.0.0.1:" + port + "/frame.jpg").statusCode()).isEqualTo(200);
    } finally {
      server.destroy();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    List<String> loaded = Files.readAllLines(dir.resolve("stdout.txt"), StandardCharsets.UTF_8).stream()
        .filter(line -> line.contains("[class,load]")).toList();
    assertThat(loaded).as("-verbose:class lists what loads").anyMatch(line -> line.contains(" io.camstream.Main "))
        .anyMatch(line -> line.contains(" io.camstream.cluster.ClusterConfig "));
    assertThat(loaded).noneMatch(line -> CLUSTER_PACKAGES.stream().anyMatch(line::contains));
  }

  @Test
  void aWrongClusterSectionStopsStartUpSayingWhatToFix() throws Exception {
    Process noHost = launch(dir, List.of(), "--set", "cluster.enabled=true");
    assertThat(noHost.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(noHost.exitValue()).isEqualTo(2);
    assertThat(read(dir.resolve("stderr.txt"))).contains("cluster.host").contains("give the address of this machine");

    Process noCredentials = launch(dir, List.of(), "--set", "cluster.enabled=true", "--set", "cluster.host=127.0.0.1");
    assertThat(noCredentials.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(noCredentials.exitValue()).isEqualTo(2);
    assertThat(read(dir.resolve("stderr.txt"))).contains("cluster.credentials")
        .contains("java -jar camstream.jar cluster credentials conf/cluster");
  }

  @Test
  void aServerWithClusteringOnJoinsAMemberHoldingTheSameCredentials() throws Exception {
    int port = TestServer.freePort();
    int serverClusterPort = TestServer.freePort();
    int memberPort = TestServer.freePort();
    Process server = launch(dir, List.of(), "--port", String.valueOf(port), "--camera", "test", "--auth", "off",
        "--media", dir.resolve("media").toString(), "--set", "cluster.enabled=true", "--set", "cluster.host=127.0.0.1",
        "--set", "cluster.port=" + serverClusterPort, "--set", "cluster.busPort=" + TestServer.freePort(),
        "--set", "cluster.members=127.0.0.1:" + memberPort, "--set", "cluster.role=camera",
        "--set", "cluster.credentials=" + shared.resolve("creds"));
    ClusterNode member = null;
    try {
      awaitHealth(server, port);
      member = ClusterNode.join(Vertx.builder(), new VertxOptions(), ClusterNodesTest.config(memberPort,
          TestServer.freePort(), shared.resolve("creds"), serverClusterPort))
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      ClusterNode joined = member;
      Poll.until(Duration.ofSeconds(30), "the member to see the server", () -> joined.members().size() == 2);
      Poll.until(Duration.ofSeconds(30), "the server's log of the new member", () -> read(dir.resolve("stdout.txt")),
          log -> log.contains("cluster: joined as") && log.contains("role camera"));
    } finally {
      server.destroy();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM, leaving the cluster").isTrue();
      if (member != null) {
        member.leave().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
    assertThat(read(dir.resolve("stdout.txt"))).contains("camstream stopping");
  }

  private static void awaitHealth(Process server, int port) {
    Poll.until(Duration.ofSeconds(90), "the jar to answer /health", () -> {
      assertThat(server.isAlive()).as("server process exited").isTrue();
      try {
        return Http.get("http://127.0.0.1:" + port + "/health").statusCode() == 200;
      } catch (IllegalStateException notYet) {
        return false;
      }
    });
  }

  private static Process launch(Path workDir, List<String> jvmOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("java", "-Xmx256m"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", Path.of(JAR).toAbsolutePath().toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(workDir.resolve("stdout.txt").toFile()).redirectError(workDir.resolve("stderr.txt").toFile())
        .start();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
