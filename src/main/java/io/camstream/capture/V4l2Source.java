package io.camstream.capture;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_AUTOFOCUS;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_CONVERT_RGB;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FOCUS;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FOURCC;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FPS;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FRAME_HEIGHT;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FRAME_WIDTH;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_V4L2;

import io.camstream.format.JpegInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_videoio.VideoCapture;
import org.bytedeco.opencv.opencv_videoio.VideoWriter;

/**
 * A USB (UVC) camera through OpenCV's V4L2 backend. It asks for MJPG and turns off RGB
 * conversion, so the camera's own JPEG arrives untouched and nothing is decoded; a camera
 * without MJPG delivers pixels that are encoded once.
 */
public final class V4l2Source implements FrameSource {
  private final String device;
  private final CameraConfig config;
  private final V4l2FocusRange focusRange;
  private VideoCapture capture;
  private final Mat mat = new Mat();
  private boolean passThrough;

  public V4l2Source(String device, CameraConfig config) {
    this.device = device;
    this.config = config;
    V4l2FocusRange range = config.focusMin() >= 0
        ? new V4l2FocusRange(config.focusMin(), config.focusMax(), 1)
        : V4l2FocusRange.probe(device);
    if (range == null && config.liquidLens()) {
      range = new V4l2FocusRange(0, 255, 1);
    }
    this.focusRange = range;
  }

  /** "usb", "usb:2" or "usb:/dev/video2" to a device path. */
  static String devicePath(String argument) {
    if (argument == null || argument.isEmpty()) {
      return "/dev/video0";
    }
    return argument.matches("\\d+") ? "/dev/video" + argument : argument;
  }

  @Override
  public String description() {
    return "USB camera " + device + (capture == null ? "" : passThrough ? " (MJPG pass-through)" : " (raw, encoded here)");
  }

  @Override
  public void open() throws SourceException {
    close();
    Path path = Path.of(device);
    if (!Files.exists(path)) {
      throw new SourceException("no camera at " + device + " (is it plugged in?)");
    }
    if (!Files.isReadable(path)) {
      throw new SourceException("cannot open " + device + ": permission denied (is the user in group video?)");
    }
    capture = new VideoCapture();
    if (!capture.open(device, CAP_V4L2) || !capture.isOpened()) {
      close();
      throw new SourceException("camera " + device + " would not open (is another program using it?)");
    }
    capture.set(CAP_PROP_FOURCC, VideoWriter.fourcc((byte) 'M', (byte) 'J', (byte) 'P', (byte) 'G'));
    capture.set(CAP_PROP_FRAME_WIDTH, config.width());
    capture.set(CAP_PROP_FRAME_HEIGHT, config.height());
    capture.set(CAP_PROP_FPS, config.fps());
    // Raw bytes are JPEG only if the camera took MJPG; any other format (YUYV) is
    // converted to BGR by OpenCV and encoded here.
    passThrough = fourcc((int) capture.get(CAP_PROP_FOURCC)).equals("MJPG");
    capture.set(CAP_PROP_CONVERT_RGB, passThrough ? 0 : 1);
  }

  static String fourcc(int code) {
    return new String(new char[] {(char) (code & 0xFF), (char) ((code >> 8) & 0xFF),
        (char) ((code >> 16) & 0xFF), (char) ((code >> 24) & 0xFF)});
  }

  @Override
  public CapturedImage read() throws SourceException {
    // USB cameras now and then send a truncated MJPG frame; skip a few before giving up.
    for (int attempt = 0; attempt < 10; attempt++) {
      if (capture == null || !capture.read(mat) || mat.empty()) {
        throw new SourceException("camera " + device + " stopped delivering pictures (unplugged?)");
      }
      if (!passThrough) {
        return CapturedImage.pixels(mat);
      }
      if (mat.depth() == CV_8U && mat.channels() == 1 && mat.total() > 4) {
        byte[] jpeg = new byte[(int) mat.total()];
        mat.data().get(jpeg);
        if ((jpeg[0] & 0xFF) == 0xFF && (jpeg[1] & 0xFF) == 0xD8) {
          int[] size = JpegInfo.dimensions(jpeg);
          return CapturedImage.jpeg(jpeg, size == null ? config.width() : size[0], size == null ? config.height() : size[1]);
        }
      }
    }
    throw new SourceException("camera " + device + " sends only damaged MJPG frames (bad cable or USB bandwidth?)");
  }

  @Override
  public boolean supportsFocus() {
    return focusRange != null;
  }

  @Override
  public void applyFocus(boolean autofocus, double position) throws SourceException {
    if (capture == null || focusRange == null) {
      return;
    }
    capture.set(CAP_PROP_AUTOFOCUS, autofocus ? 1 : 0);
    if (!autofocus) {
      capture.set(CAP_PROP_FOCUS, focusRange.toDevice(position));
    }
  }

  @Override
  public void close() {
    if (capture != null) {
      capture.release();
      capture.close();
      capture = null;
    }
  }
}
