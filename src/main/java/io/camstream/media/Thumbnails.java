package io.camstream.media;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;

import io.camstream.format.JpegCodec;
import io.camstream.format.JpegInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A small JPEG for every picture and video (a video's is its first frame), made with the
 * JPEG decoder's own downscaling and kept in media/.thumbnails until the item changes.
 * Blocking: call off the event loop.
 */
public final class Thumbnails {
  static final String FOLDER = ".thumbnails";
  private final Path dir;

  public Thumbnails(Path mediaDir) {
    this.dir = mediaDir.resolve(FOLDER);
  }

  /** The thumbnail of a file in media/ (made now if missing or older than the file). */
  public Path of(Path item) throws IOException {
    Path thumb = dir.resolve(item.getFileName() + ".jpg");
    if (Files.exists(thumb) && Files.getLastModifiedTime(thumb).compareTo(Files.getLastModifiedTime(item)) >= 0) {
      return thumb;
    }
    byte[] jpeg = FileFacts.firstPicture(item);
    byte[] small = shrink(jpeg);
    Files.createDirectories(dir);
    Files.deleteIfExists(thumb);
    try {
      MediaFiles.writeNew(dir, thumb.getFileName().toString(), ByteBuffer.wrap(small));
    } catch (MediaFiles.AlreadyExistsException madeMeanwhile) {
      // another request made it at the same moment
    }
    return thumb;
  }

  public void forget(String fileName) throws IOException {
    Files.deleteIfExists(dir.resolve(fileName + ".jpg"));
  }

  static byte[] shrink(byte[] jpeg) throws IOException {
    int[] size = JpegInfo.dimensions(jpeg);
    int width = size == null ? 0 : size[0];
    int flag = width >= 1280 ? IMREAD_REDUCED_COLOR_8 : width >= 640 ? IMREAD_REDUCED_COLOR_4
        : width >= 320 ? IMREAD_REDUCED_COLOR_2 : IMREAD_COLOR;
    try (Mat pixels = JpegCodec.decode(jpeg, flag)) {
      if (pixels.empty()) {
        throw new IOException("the picture cannot be decoded");
      }
      return JpegCodec.encode(pixels, 75);
    }
  }
}
