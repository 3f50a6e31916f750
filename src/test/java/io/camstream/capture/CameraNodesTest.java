package io.camstream.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code auto} on fake sysfs and /dev trees copied from what real Pis and webcams show. */
class CameraNodesTest {
  @TempDir
  Path root;

  private final Map<String, List<String>> caps = new HashMap<>();

  /** One node: /dev/videoN, its sysfs name and index, and a device/driver link as the kernel makes it. */
  private void node(int n, String name, String driver, int index) throws IOException {
    Files.createDirectories(root.resolve("dev"));
    Files.writeString(root.resolve("dev/video" + n), "");
    Path sys = root.resolve("sys/devices/platform/dev" + n + "/video4linux/video" + n);
    Files.createDirectories(sys);
    Files.writeString(sys.resolve("name"), name + "\n");
    Files.writeString(sys.resolve("index"), index + "\n");
    Path drivers = root.resolve("sys/bus/platform/drivers/" + driver);
    Files.createDirectories(drivers);
    Files.createSymbolicLink(sys.resolve("device"), sys.getParent().getParent());
    Files.createSymbolicLink(sys.getParent().getParent().resolve("driver"), drivers);
    Files.createDirectories(root.resolve("sys/class/video4linux"));
    Files.createSymbolicLink(root.resolve("sys/class/video4linux/video" + n), sys);
  }

  private SourceSpec auto() {
    return SourceFactory.resolveAuto(new SourceSpec(SourceSpec.Type.AUTO, ""),
        new CameraNodes(root, device -> caps.get(device.getFileName().toString())));
  }

  private void pi4CodecNodes() throws IOException {
    node(10, "bcm2835-codec-decode", "bcm2835-codec", 0);
    node(11, "bcm2835-codec-encode", "bcm2835-codec", 0);
    node(12, "bcm2835-codec-isp", "bcm2835-codec", 0);
    node(13, "bcm2835-isp", "bcm2835-isp", 0);
    node(14, "bcm2835-isp", "bcm2835-isp", 0);
    node(15, "bcm2835-isp", "bcm2835-isp", 0);
    node(16, "bcm2835-isp", "bcm2835-isp", 0);
    node(18, "bcm2835-codec-image_fx", "bcm2835-codec", 0);
  }

  @Test
  void pi4WithAWebcamAtVideo0PicksTheWebcamNotItsMetadataNodeNorTheCodecs() throws IOException {
    node(0, "HD Pro Webcam C920", "uvcvideo", 0);
    node(1, "HD Pro Webcam C920", "uvcvideo", 1);
    pi4CodecNodes();
    assertEquals("usb:/dev/video0", auto().toString());
  }

  @Test
  void pi4WithOnlyCodecNodesShowsTheTestPattern() throws IOException {
    pi4CodecNodes();
    node(19, "rpivid", "rpivid", 0);
    assertEquals("test", auto().toString());
  }

  @Test
  void pi5PicksTheUsbCameraAfterThePispbeNodesAndTheCsiReceiver() throws IOException {
    for (int n = 0; n < 8; n++) {
      node(n, "rp1-cfe", "rp1-cfe", 0);
    }
    for (int n = 19; n <= 35; n++) {
      node(n, "pispbe", "pispbe", 0);
    }
    node(36, "USB 2.0 Camera", "uvcvideo", 0);
    node(37, "USB 2.0 Camera", "uvcvideo", 1);
    assertEquals("usb:/dev/video36", auto().toString());
  }

  @Test
  void theWebcamIsPreferredToAnotherCaptureDriverWithALowerNumber() throws IOException {
    node(0, "mmal service 16.1", "bcm2835-v4l2", 0);
    node(2, "Integrated Camera", "uvcvideo", 0);
    assertEquals("usb:/dev/video2", auto().toString());
  }

  @Test
  void v4l2CapabilitiesDecideWhenTheyCanBeRead() throws IOException {
    // a codec whose driver name sysfs cannot tell apart, and a webcam's metadata node at index 0
    node(0, "some-m2m", "vendor-m2m", 0);
    node(1, "Webcam", "uvcvideo", 0);
    node(2, "Webcam", "uvcvideo", 0);
    caps.put("video0", List.of("Video Capture Multiplanar", "Video Output Multiplanar", "Video Memory-to-Memory Multiplanar", "Streaming"));
    caps.put("video1", List.of("Metadata Capture", "Streaming", "Extended Pix Format"));
    caps.put("video2", List.of("Video Capture", "Streaming", "Extended Pix Format"));
    assertEquals("usb:/dev/video2", auto().toString());
  }

  @Test
  void noVideoNodesAtAllIsTheTestPattern() {
    assertEquals("test", auto().toString());
  }

  @Test
  void nodesWithoutSysfsAreTakenAsTheyCome() throws IOException {
    // a container that has /dev/video0 but no sysfs for it: as before, the first node
    Files.createDirectories(root.resolve("dev"));
    Files.writeString(root.resolve("dev/video3"), "");
    Files.writeString(root.resolve("dev/video0"), "");
    assertEquals("usb:/dev/video0", auto().toString());
  }

  @Test
  void readsTheDeviceCapsOfV4l2CtlNotTheWholeDevicesCapabilities() {
    String info = """
        Driver Info:
        \tDriver name      : uvcvideo
        \tCard type        : HD Pro Webcam C920
        \tCapabilities     : 0x84a00001
        \t\tVideo Capture
        \t\tMetadata Capture
        \t\tStreaming
        \t\tExtended Pix Format
        \t\tDevice Capabilities
        \tDevice Caps      : 0x04a00000
        \t\tMetadata Capture
        \t\tStreaming
        \t\tExtended Pix Format
        Media Driver Info:
        \tDriver name      : uvcvideo
        """;
    assertEquals(List.of("Metadata Capture", "Streaming", "Extended Pix Format"), CameraNodes.parseDeviceCaps(info));
    assertNull(CameraNodes.parseDeviceCaps("Failed to open /dev/video9: No such file or directory\n"));
  }
}
