package io.camstream.capture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Raspberry Pi camera through libcamera: runs {@code rpicam-vid} (or the older
 * {@code libcamera-vid}) in M-JPEG mode and passes its pictures through untouched.
 */
public final class PiCameraSource extends ProcessSource {
  private final CameraConfig config;

  public PiCameraSource(CameraConfig config) {
    super(10_000);
    this.config = config;
  }

  @Override
  protected List<String> command() throws SourceException {
    String program = findProgram("rpicam-vid", "libcamera-vid");
    if (program == null) {
      throw new SourceException("neither rpicam-vid nor libcamera-vid is installed "
          + "(on Raspberry Pi OS: sudo apt install rpicam-apps)");
    }
    return List.of(program, "--timeout", "0", "--nopreview", "--codec", "mjpeg",
        "--width", String.valueOf(config.width()), "--height", String.valueOf(config.height()),
        "--framerate", String.valueOf(config.fps()), "--quality", String.valueOf(config.quality()),
        "--output", "-");
  }

  static String findProgram(String... names) {
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    for (String name : names) {
      for (String dir : path.split(":")) {
        Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    return null;
  }

  @Override
  public String description() {
    return "Pi camera (rpicam-vid M-JPEG " + config.width() + "x" + config.height() + " at " + config.fps() + " fps)";
  }
}
