package io.camstream.capture;

import io.camstream.format.MjpegStreamReader;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * What a source read: either a JPEG as the camera made it (pass-through) or pixels that
 * still need encoding. Pixels belong to the source and are valid until its next read.
 */
public final class CapturedImage {
  private final byte[] jpeg;
  private final Mat pixels;
  private final int width;
  private final int height;

  private CapturedImage(byte[] jpeg, Mat pixels, int width, int height) {
    this.jpeg = jpeg;
    this.pixels = pixels;
    this.width = width;
    this.height = height;
  }

  public static CapturedImage jpeg(byte[] jpeg, int width, int height) {
    return new CapturedImage(jpeg, null, width, height);
  }

  public static CapturedImage jpeg(MjpegStreamReader.Picture picture) {
    return jpeg(picture.jpegBytes(), picture.width(), picture.height());
  }

  /** BGR (3 channels) or gray (1 channel) pixels. */
  public static CapturedImage pixels(Mat pixels) {
    return new CapturedImage(null, pixels, pixels.cols(), pixels.rows());
  }

  public boolean isJpeg() {
    return jpeg != null;
  }

  public byte[] jpegBytes() {
    return jpeg;
  }

  public Mat pixels() {
    return pixels;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }
}
