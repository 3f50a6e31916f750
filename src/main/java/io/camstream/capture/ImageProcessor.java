package io.camstream.capture;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_GRAYSCALE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_2;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.camstream.format.JpegCodec;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Turns what a source read into the JPEG that is published, applying the grayscale and
 * half-resolution filters. A camera JPEG with no filter on goes out untouched; otherwise
 * the picture is encoded exactly once. Used only on the grab thread.
 */
final class ImageProcessor {
  record Result(byte[] jpeg, int width, int height, boolean encoded) {
  }

  private final Mat half = new Mat();
  private final Mat gray = new Mat();

  Result process(CapturedImage image, boolean grayscale, boolean halfSize, int quality) {
    if (image.isJpeg()) {
      if (!grayscale && !halfSize) {
        return new Result(image.jpegBytes(), image.width(), image.height(), false);
      }
      int flags = grayscale ? (halfSize ? IMREAD_REDUCED_GRAYSCALE_2 : IMREAD_GRAYSCALE) : IMREAD_REDUCED_COLOR_2;
      try (Mat decoded = JpegCodec.decode(image.jpegBytes(), flags)) {
        if (decoded.empty()) {
          // Not decodable: pass the camera's bytes on rather than losing the frame.
          return new Result(image.jpegBytes(), image.width(), image.height(), false);
        }
        return encode(decoded, quality);
      }
    }
    Mat pixels = image.pixels();
    if (halfSize) {
      resize(pixels, half, new Size(Math.max(1, pixels.cols() / 2), Math.max(1, pixels.rows() / 2)), 0, 0, INTER_AREA);
      pixels = half;
    }
    if (grayscale && pixels.channels() == 3) {
      cvtColor(pixels, gray, COLOR_BGR2GRAY);
      pixels = gray;
    }
    return encode(pixels, quality);
  }

  private static Result encode(Mat pixels, int quality) {
    return new Result(JpegCodec.encode(pixels, quality), pixels.cols(), pixels.rows(), true);
  }
}
