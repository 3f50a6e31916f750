package io.camstream.capture;

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
    String out = V4l2Ctl.run("-d", device, "--list-ctrls");
    return out == null ? null : parse(out);
  }

  static V4l2FocusRange parse(String listCtrlsOutput) {
    Matcher m = FOCUS.matcher(listCtrlsOutput);
    if (!m.find()) {
      return null;
    }
    return new V4l2FocusRange(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
  }
}
