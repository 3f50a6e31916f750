package io.camstream.format;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** JPEG encode and decode through OpenCV; the only place that turns pixels into bytes and back. */
public final class JpegCodec {
  private JpegCodec() {
  }

  /**
   * Loads OpenCV's natives (unpacked from the jar on a first start; over 10 s on a busy Pi) by
   * encoding a tiny picture, so the first thumbnail or snapshot someone waits for does not pay it.
   */
  public static void load() {
    try (Mat tiny = new Mat(8, 8, CV_8UC1)) {
      encode(tiny, 50);
    }
  }

  public static byte[] encode(Mat pixels, int quality) {
    try (BytePointer out = new BytePointer();
        IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, quality)) {
      if (!imencode(".jpg", pixels, out, params)) {
        throw new IllegalStateException("OpenCV could not encode a " + pixels.cols() + "x" + pixels.rows() + " picture");
      }
      byte[] bytes = new byte[(int) out.limit()];
      out.get(bytes);
      return bytes;
    }
  }

  /**
   * Decodes with an imdecode flag: IMREAD_GRAYSCALE reads only the luma and the REDUCED
   * flags use the JPEG decoder's own scaling, both far cheaper than decoding everything.
   * The caller closes the returned Mat. Returns an empty Mat when the bytes are not a picture.
   */
  public static Mat decode(byte[] jpeg, int flags) {
    try (BytePointer data = new BytePointer(jpeg);
        Mat encoded = new Mat(1, jpeg.length, CV_8UC1, data)) {
      return imdecode(encoded, flags);
    }
  }
}
