package io.camstream.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Finds the {@code /dev/videoN} nodes that capture video from a camera, for the {@code auto}
 * source. A Pi has many nodes that are not cameras: codec and ISP memory-to-memory nodes
 * (bcm2835-codec, bcm2835-isp, rpivid at video10-31 on a Pi 4; pispbe at video19-35 on a
 * Pi 5), CSI receivers that give raw Bayer only libcamera can use (unicam, rp1-cfe), and
 * every UVC webcam has a second, metadata-only node.
 *
 * <p>The V4L2 capabilities (VIDEO_CAPTURE, M2M, META_CAPTURE) come only from the
 * VIDIOC_QUERYCAP ioctl, which sysfs does not show; without native code they are read from
 * {@code v4l2-ctl --info} when v4l-utils is installed. Without it the choice rests on what
 * sysfs does show: the driver (the {@code device/driver} link), the card {@code name}, and
 * {@code index} (0 for a device's main node, 1 for a UVC metadata node).
 *
 * <p>Everything is read under a root folder, so a test can hand it a fake sysfs and /dev.
 */
final class CameraNodes {
  /** Drivers of memory-to-memory codec, scaler and ISP nodes: never a camera. */
  private static final Set<String> NOT_CAMERAS = Set.of("bcm2835-codec", "bcm2835-isp", "rpivid", "pispbe",
      "rpi-hevc-dec", "hevc-dec", "bcm2835-unicam-isp");
  /** CSI receivers: raw sensor data for libcamera; the Pi camera is the {@code pi} source. */
  private static final Set<String> CSI_RECEIVERS = Set.of("unicam", "rp1-cfe");

  /** What is known of one node; {@code caps} is v4l2-ctl's "Device Caps" list, or null when unknown. */
  record Node(int number, Path device, String name, String driver, int index, List<String> caps) {

    boolean capturesVideo() {
      if (caps != null) {
        return caps.stream().anyMatch(c -> c.startsWith("Video Capture"))
            && caps.stream().noneMatch(c -> c.startsWith("Video Memory-to-Memory"));
      }
      return index == 0 && !NOT_CAMERAS.contains(driver) && !isM2mName(name);
    }

    boolean csiReceiver() {
      return CSI_RECEIVERS.contains(driver);
    }

    private static boolean isM2mName(String name) {
      String n = name.toLowerCase(java.util.Locale.ROOT);
      return n.contains("codec") || n.contains("-isp") || n.contains("pispbe") || n.contains("rpivid");
    }
  }

  private final Path root;
  private final Function<Path, List<String>> capsReader;

  /**
   * @param root "/" on a real machine; {@code sys/class/video4linux} and {@code dev} are read under it
   * @param capsReader a device path to its v4l2-ctl "Device Caps" list, or null when that cannot be read
   */
  CameraNodes(Path root, Function<Path, List<String>> capsReader) {
    this.root = root;
    this.capsReader = capsReader;
  }

  static CameraNodes ofThisMachine() {
    return new CameraNodes(Path.of("/"), CameraNodes::v4l2CtlCaps);
  }

  /** Every node present in /dev, in number order, with what sysfs and v4l2-ctl say of it. */
  List<Node> all() {
    Path dev = root.resolve("dev");
    List<Node> nodes = new ArrayList<>();
    try (Stream<Path> files = Files.list(dev)) {
      files.filter(f -> f.getFileName().toString().matches("video\\d+")).forEach(device -> {
        String file = device.getFileName().toString();
        Path sys = root.resolve("sys/class/video4linux").resolve(file);
        nodes.add(new Node(Integer.parseInt(file.substring(5)), Path.of("/dev", file),
            read(sys.resolve("name")), driver(sys), index(sys), capsReader.apply(device)));
      });
    } catch (IOException e) {
      return List.of();
    }
    nodes.sort(Comparator.comparingInt(Node::number));
    return nodes;
  }

  /**
   * The node {@code auto} opens: a camera the V4L2 backend can read, UVC webcams before other
   * capture drivers, then the lowest number. Empty when there is none (the test pattern then).
   */
  Optional<Node> camera() {
    return camera(all());
  }

  static Optional<Node> camera(List<Node> nodes) {
    return nodes.stream()
        .filter(Node::capturesVideo)
        .filter(n -> !n.csiReceiver())
        .min(Comparator.comparing((Node n) -> !n.driver().equals("uvcvideo")).thenComparingInt(Node::number));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "";
    }
  }

  private static String driver(Path sys) {
    try {
      return Files.readSymbolicLink(sys.resolve("device/driver")).getFileName().toString();
    } catch (IOException | UnsupportedOperationException e) {
      return "";
    }
  }

  private static int index(Path sys) {
    String text = read(sys.resolve("index"));
    return text.matches("\\d+") ? Integer.parseInt(text) : 0;
  }

  /** The "Device Caps" lines of {@code v4l2-ctl --info}, or null without v4l2-ctl or a readable device. */
  static List<String> v4l2CtlCaps(Path device) {
    String out = V4l2Ctl.run("--info", "-d", device.toString());
    return out == null ? null : parseDeviceCaps(out);
  }

  /** The indented names under "Device Caps" (the node's own; "Capabilities" covers the whole device). */
  static List<String> parseDeviceCaps(String info) {
    List<String> caps = new ArrayList<>();
    boolean inDeviceCaps = false;
    for (String line : info.split("\\R")) {
      String text = line.strip();
      if (text.startsWith("Device Caps")) {
        inDeviceCaps = true;
      } else if (inDeviceCaps && line.startsWith("\t\t") && !text.isEmpty()) {
        caps.add(text);
      } else if (inDeviceCaps) {
        break;
      }
    }
    return inDeviceCaps ? caps : null;
  }
}
