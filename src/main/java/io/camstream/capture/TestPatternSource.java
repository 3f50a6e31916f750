package io.camstream.capture;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A moving synthetic picture with a clock and a frame counter, paced to the configured
 * rate, so the server always has video to show. With {@code camera.type = LiquidLens} it
 * also simulates a focusable lens: the picture blurs the further focus is from 0.5.
 */
public final class TestPatternSource implements FrameSource {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
  private static final Scalar[] BARS = {
      new Scalar(235, 235, 235, 0), new Scalar(16, 235, 235, 0), new Scalar(235, 235, 16, 0),
      new Scalar(16, 235, 16, 0), new Scalar(235, 16, 235, 0), new Scalar(16, 16, 235, 0),
      new Scalar(235, 16, 16, 0), new Scalar(16, 16, 16, 0)};

  private final int width;
  private final int height;
  private final long periodNanos;
  private final boolean focusable;
  private Mat background;
  private Mat frame;
  private long count;
  private long nextDue;
  private boolean autofocus = true;
  private double focus = 0.5;

  public TestPatternSource(int width, int height, int fps, boolean focusable) {
    this.width = width;
    this.height = height;
    this.periodNanos = TimeUnit.SECONDS.toNanos(1) / fps;
    this.focusable = focusable;
  }

  @Override
  public String description() {
    return "test pattern " + width + "x" + height + " at " + TimeUnit.SECONDS.toNanos(1) / periodNanos + " fps";
  }

  @Override
  public void open() {
    close();
    background = new Mat(height, width, CV_8UC3, new Scalar(40, 40, 40, 0));
    int barWidth = Math.max(1, width / BARS.length);
    int barHeight = height * 2 / 3;
    for (int i = 0; i < BARS.length; i++) {
      rectangle(background, new Rect(i * barWidth, 0, barWidth, barHeight), BARS[i], -1, LINE_AA, 0);
    }
    double scale = Math.max(0.4, height / 720.0);
    putText(background, "CAMSTREAM TEST PATTERN", new Point(width / 40, barHeight + (int) (60 * scale)),
        FONT_HERSHEY_SIMPLEX, 1.4 * scale, new Scalar(255, 255, 255, 0), Math.max(1, (int) (3 * scale)), LINE_AA, false);
    frame = new Mat();
    nextDue = System.nanoTime();
  }

  @Override
  public CapturedImage read() {
    long now = System.nanoTime();
    if (now < nextDue) {
      LockSupport.parkNanos(nextDue - now);
    } else if (now - nextDue > 2 * periodNanos) {
      nextDue = now;
    }
    nextDue += periodNanos;
    background.copyTo(frame);
    draw(frame, count++);
    if (focusable && !autofocus) {
      int blur = (int) Math.round(Math.abs(focus - 0.5) * 30) * 2 + 1;
      if (blur > 1) {
        GaussianBlur(frame, frame, new Size(blur, blur), 0);
      }
    }
    return CapturedImage.pixels(frame);
  }

  private void draw(Mat target, long n) {
    double scale = Math.max(0.4, height / 720.0);
    int barHeight = height * 2 / 3;
    int radius = Math.max(8, height / 12);
    int travel = Math.max(1, width - 2 * radius);
    long step = n * Math.max(1, width / 120);
    int x = (int) (step % (2L * travel));
    if (x > travel) {
      x = 2 * travel - x;
    }
    circle(target, new Point(radius + x, barHeight / 2), radius, new Scalar(0, 140, 255, 0), -1, LINE_AA, 0);
    int baseline = height - (int) (30 * scale);
    Scalar white = new Scalar(255, 255, 255, 0);
    int thickness = Math.max(1, (int) (2 * scale));
    putText(target, LocalTime.now().format(CLOCK), new Point(width / 40, baseline),
        FONT_HERSHEY_SIMPLEX, 1.2 * scale, white, thickness, LINE_AA, false);
    putText(target, String.format("frame %08d", n), new Point(width / 2, baseline),
        FONT_HERSHEY_SIMPLEX, 1.2 * scale, white, thickness, LINE_AA, false);
  }

  @Override
  public boolean supportsFocus() {
    return focusable;
  }

  @Override
  public void applyFocus(boolean autofocus, double position) {
    this.autofocus = autofocus;
    this.focus = position;
  }

  @Override
  public void close() {
    if (background != null) {
      background.close();
      background = null;
    }
    if (frame != null) {
      frame.close();
      frame = null;
    }
  }
}
