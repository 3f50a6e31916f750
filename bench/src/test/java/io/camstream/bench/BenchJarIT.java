package io.camstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load generator is packaged apart from the server, and runs from its own jar as bench/README.md says. */
class BenchJarIT {
  static final Path SERVER_JAR = Path.of(System.getProperty("camstream.jar", "target/camstream.jar")).toAbsolutePath();
  static final Path BENCH_JAR = SERVER_JAR.resolveSibling("camstream-bench.jar");

  @Test
  void theServerJarHoldsNoBenchClassAndTheBenchJarNothingElse() throws IOException {
    assertThat(classesIn(SERVER_JAR)).contains("io/camstream/Main.class")
        .noneMatch(name -> name.startsWith("io/camstream/bench/"));
    assertThat(classesIn(BENCH_JAR)).contains("io/camstream/bench/LoadGenerator.class")
        .allMatch(name -> name.startsWith("io/camstream/bench/"));
  }

  @Test
  void runsBesideTheServerJarAndReportsViewersThatCannotConnect(@TempDir Path dir) throws Exception {
    // nobody listens on the port: both viewers fail in Netty, which the bench jar finds through its Class-Path
    String url = "http://127.0.0.1:" + TestServer.freePort() + "/video_feed";
    Path out = dir.resolve("out.txt");
    Process generator = new ProcessBuilder("java", "-Xmx128m", "-jar", BENCH_JAR.toString(),
        "--url", url, "--viewers", "2", "--warmup", "0", "--duration", "0.2")
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(generator.waitFor(60, TimeUnit.SECONDS)).as("the generator ends").isTrue();
    String text = Files.readString(out);
    // 3 is the generator's "under half the source rate" verdict: no viewer got a frame
    assertThat(generator.exitValue()).as(text).isEqualTo(3);
    assertThat(text).contains("viewers 2 (1 process)").contains("failures 2").contains("connect:");
  }

  private static List<String> classesIn(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.stream().map(ZipEntry::getName).filter(name -> name.endsWith(".class")).toList();
    }
  }
}
