package io.camstream.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code v4l2-ctl} (package v4l-utils), which reads what V4L2 tells only through ioctls. */
final class V4l2Ctl {
  private V4l2Ctl() {
  }

  /** Its output for these arguments, or null when it is not installed, fails or hangs. */
  static String run(String... args) {
    if (PiCameraSource.findProgram("v4l2-ctl") == null) {
      return null;
    }
    List<String> command = new ArrayList<>(List.of("v4l2-ctl"));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(3, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return null;
      }
      return out;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
