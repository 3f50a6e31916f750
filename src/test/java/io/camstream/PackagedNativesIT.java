package io.camstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Http;
import io.camstream.testing.JarServer;
import io.camstream.testing.Poll;
import io.camstream.testing.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar carries the natives the server loads, for each platform it was built for, and
 * nothing else; it stays under its size limit (60 MB for the build host, 75 MB for the release
 * jar with linux-x86_64 and linux-arm64; the cluster manager is 14.6 MB of either). The natives
 * of the machine running the test are loaded for real, in fresh JVMs with an empty JavaCPP
 * cache; the other platform's can only be checked for presence and for the machine their ELF
 * header names.
 */
class PackagedNativesIT {
  static final Path JAR = Path.of(System.getProperty("camstream.jar", "target/camstream.jar")).toAbsolutePath();
  /** What the pom's javacpp.platform properties chose, e.g. "linux-x86_64,linux-arm64". */
  static final Set<String> PLATFORMS = new LinkedHashSet<>(
      Arrays.asList(System.getProperty("camstream.natives", hostPlatform()).split(",")));
  static final long MAX_BYTES = Long.getLong("camstream.jar.maxBytes", 60_000_000L);

  /** The OpenCV modules the code calls (pom.xml's shade filter keeps exactly these). */
  static final List<String> OPENCV_MODULES = List.of("core", "imgproc", "imgcodecs", "videoio");

  /** Per platform: sqlite-jdbc's folder, Netty's epoll library suffix, the ELF e_machine value. */
  record Platform(String sqliteFolder, String nettySuffix, int elfMachine, String machineName) {
  }

  static final Map<String, Platform> KNOWN = Map.of(
      "linux-x86_64", new Platform("Linux/x86_64", "x86_64", 62, "x86-64"),
      "linux-arm64", new Platform("Linux/aarch64", "aarch_64", 183, "AArch64"));

  @TempDir
  Path dir;

  static String hostPlatform() {
    return System.getProperty("os.arch").equals("aarch64") ? "linux-arm64" : "linux-x86_64";
  }

  /** The native libraries of one platform a server cannot start or stream without. */
  static List<String> requiredNatives(String platform) {
    List<String> names = new ArrayList<>();
    for (String module : OPENCV_MODULES) {
      names.add("org/bytedeco/opencv/" + platform + "/libopencv_" + module + ".so.411");
      names.add("org/bytedeco/opencv/" + platform + "/libjniopencv_" + module + ".so");
    }
    names.add("org/bytedeco/openblas/" + platform + "/libopenblas.so.0");
    names.add("org/bytedeco/openblas/" + platform + "/libjniopenblas.so");
    names.add("org/bytedeco/openblas/" + platform + "/libjniopenblas_nolapack.so");
    names.add("org/bytedeco/javacpp/" + platform + "/libjnijavacpp.so");
    names.add("org/sqlite/native/" + KNOWN.get(platform).sqliteFolder() + "/libsqlitejdbc.so");
    names.add("META-INF/native/libnetty_transport_native_epoll_" + KNOWN.get(platform).nettySuffix() + ".so");
    return names;
  }

  static List<String> nativesInJar() throws IOException {
    try (ZipFile zip = new ZipFile(JAR.toFile())) {
      return zip.stream().map(ZipEntry::getName).filter(name -> name.matches(".*\\.(so(\\.\\d+)*|dll|dylib|jnilib)"))
          .sorted().collect(Collectors.toList());
    }
  }

  @Test
  void theJarStaysUnderItsSizeLimit() throws IOException {
    assertThat(JAR).as("run mvn package first").exists();
    assertThat(Files.size(JAR)).as("size of " + JAR + " for " + PLATFORMS + " (limit set in pom.xml)")
        .isLessThanOrEqualTo(MAX_BYTES);
  }

  @Test
  void eachPlatformsNativesArePresentAndBuiltForThatMachine() throws IOException {
    assertThat(KNOWN.keySet()).as("platforms this test knows").containsAll(PLATFORMS);
    try (ZipFile zip = new ZipFile(JAR.toFile())) {
      for (String platform : PLATFORMS) {
        for (String name : requiredNatives(platform)) {
          ZipEntry entry = zip.getEntry(name);
          assertThat(entry).as(name + " in the jar").isNotNull();
          byte[] header;
          try (InputStream in = zip.getInputStream(entry)) {
            header = in.readNBytes(20);
          }
          assertThat(Arrays.copyOf(header, 4)).as(name + " is an ELF file").isEqualTo(new byte[] {0x7F, 'E', 'L', 'F'});
          assertThat(header[4]).as(name + " is 64-bit (ELFCLASS64)").isEqualTo((byte) 2);
          int machine = (header[18] & 0xFF) | (header[19] & 0xFF) << 8; // e_machine, little-endian
          assertThat(machine).as(name + " is built for " + KNOWN.get(platform).machineName())
              .isEqualTo(KNOWN.get(platform).elfMachine());
        }
      }
    }
  }

  @Test
  void noNativesOfOtherPlatformsOrUnusedModules() throws IOException {
    List<String> unexpected = new ArrayList<>();
    for (String name : nativesInJar()) {
      if (name.startsWith("lib/")) {
        continue; // diozero's small helpers (a few KB each), chosen at run time by diozero itself
      }
      boolean ours = PLATFORMS.stream().anyMatch(platform -> name.contains("/" + platform + "/")
          || name.contains("/" + KNOWN.get(platform).sqliteFolder() + "/")
          || name.endsWith("_" + KNOWN.get(platform).nettySuffix() + ".so"));
      boolean unusedOpenCv = name.matches(".*/lib(jni)?opencv_.*")
          && OPENCV_MODULES.stream().noneMatch(module -> name.matches(".*/lib(jni)?opencv_" + module + "\\.so.*"));
      if (!ours || unusedOpenCv || name.contains("jniopenblas_full") || name.contains("/python/")) {
        unexpected.add(name);
      }
    }
    assertThat(unexpected).as("natives nothing loads on " + PLATFORMS).isEmpty();
  }

  @Test
  void everyNativeOfThisMachineLoadsFromAnEmptyCache() throws Exception {
    String host = hostPlatform();
    assertThat(PLATFORMS).as("the jar carries this machine's natives").contains(host);

    // The test pattern: OpenCV core, imgproc (drawing, gray, half size) and imgcodecs (JPEG),
    // OpenBLAS under core, SQLite (the media list), Netty's epoll transport.
    Set<String> mapped = new TreeSet<>();
    int port = TestServer.freePort();
    Process server = start("pattern", "--camera", "test", "--port", String.valueOf(port));
    try {
      JarServer.awaitUp(port, server);
      String base = "http://127.0.0.1:" + port;
      assertThat(picture(Http.getBytes(base + "/frame.jpg").body()).getWidth()).isEqualTo(1280);
      assertThat(Http.get(base + "/snapshot?filename=native-check").statusCode()).isEqualTo(200);
      BufferedImage thumbnail = picture(Http.getBytes(base + "/media/native-check.jpg/thumbnail").body());
      assertThat(thumbnail.getWidth()).as("thumbnail width").isLessThan(1280);
      assertThat(Http.get(base + "/get_database").body()).contains("native-check.jpg");
      assertThat(Http.get(base + "/grayscale?status=false").statusCode()).isEqualTo(200);
      assertThat(Http.get(base + "/resolution?status=false").statusCode()).isEqualTo(200);
      Poll.until(Duration.ofSeconds(30), "a gray half-size frame", () -> picture(Http.getBytes(base + "/frame.jpg").body()),
          frame -> frame.getWidth() == 640 && frame.getRaster().getNumBands() == 1);
      mapped.addAll(mappedLibraries(server));
    } finally {
      stop(server);
    }

    // A USB camera source loads videoio; /dev/null exists and is readable but is no camera, so
    // the source gets as far as OpenCV's VideoCapture and reports that the device would not open.
    int usbPort = TestServer.freePort();
    Process usb = start("usb", "--camera", "usb:/dev/null", "--port", String.valueOf(usbPort));
    try {
      JarServer.awaitUp(usbPort, usb);
      Poll.until(Duration.ofSeconds(60), "the USB source to try /dev/null with OpenCV", () -> {
        Http.getBytes("http://127.0.0.1:" + usbPort + "/frame.jpg"); // a picture is wanted: the camera opens
        return Http.get("http://127.0.0.1:" + usbPort + "/api/camera").body();
      }, state -> state.contains("would not open"));
      mapped.addAll(mappedLibraries(usb));
    } finally {
      stop(usb);
    }

    List<String> carried = nativesInJar().stream()
        .filter(name -> name.startsWith("org/bytedeco/") && name.contains("/" + host + "/")).map(PackagedNativesIT::fileName).collect(Collectors.toList());
    assertThat(carried).as("the jar's " + host + " natives").isNotEmpty();
    assertThat(mapped).as("libraries the two servers mapped (carried: " + carried + ")").containsAll(carried)
        .anyMatch(name -> name.endsWith("libsqlitejdbc.so"))
        .anyMatch(name -> name.startsWith("libnetty_transport_native_epoll_" + KNOWN.get(host).nettySuffix()));
  }

  private Process start(String name, String... args) throws IOException {
    Path run = Files.createDirectories(dir.resolve(name));
    List<String> command = new ArrayList<>(List.of("java", "-Xmx256m",
        "-Dorg.bytedeco.javacpp.cachedir=" + run.resolve("javacpp-cache"),
        // SQLite and Netty unpack their libraries here: they show in the maps by this folder
        "-Djava.io.tmpdir=" + Files.createDirectories(run.resolve("tmp")),
        "-jar", JAR.toString(), "--auth", "off", "--media", run.resolve("media").toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).directory(run.toFile()).redirectErrorStream(true)
        .redirectOutput(run.resolve("out.txt").toFile()).start();
  }

  private static void stop(Process server) throws InterruptedException {
    server.destroy();
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
  }

  /** File names of the libraries the process has mapped from the folders this test gave it
   * (Netty deletes its unpacked library once loaded: the maps then say "(deleted)"). */
  private Set<String> mappedLibraries(Process server) throws IOException {
    String root = dir.toString();
    return Files.readAllLines(Path.of("/proc/" + server.pid() + "/maps")).stream()
        .map(line -> line.substring(line.indexOf('/') < 0 ? line.length() : line.indexOf('/')))
        .filter(path -> path.startsWith(root)).map(path -> fileName(path.replace(" (deleted)", "")))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static BufferedImage picture(byte[] jpeg) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
      assertThat(image).as("a JPEG picture").isNotNull();
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
