package io.camstream.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A device's focus control range in driver units. OpenCV cannot query control ranges, so
 * this asks {@code v4l2-ctl} (package v4l-utils); without it the configured range is used.
 */
record V4l2FocusRange(int min, int max, int step) {
  private static final Pattern FOCUS = Pattern.compile(
      "focus_absolute\\s+0x[0-9a-f]+\\s+\\(int\\)\\s*:\\s*min=(-?\\d+)\\s+max=(-?\\d+)\\s+step=(\\d+)");

  /** Maps 0.0-1.0 onto the range, on the driver's step grid (V4L2 accepts only min + n * step). */
  int toDevice(double position) {
    int unit = Math.max(1, step);
    int steps = (int) Math.min(Math.round(position * (max - min) / unit), (max - min) / unit);
    return min + steps * unit;
  }

  /** The device's range, or null when it has no focus control or v4l2-ctl is missing. */
  static V4l2FocusRange probe(String device) {
    if (PiCameraSource.findProgram("v4l2-ctl") == null) {
      return null;
    }
    try {
      Process p = new ProcessBuilder("v4l2-ctl", "-d", device, "--list-ctrls").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(3, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return parse(out);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  static V4l2FocusRange parse(String listCtrlsOutput) {
    Matcher m = FOCUS.matcher(listCtrlsOutput);
    if (!m.find()) {
      return null;
    }
    return new V4l2FocusRange(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
  }
}
