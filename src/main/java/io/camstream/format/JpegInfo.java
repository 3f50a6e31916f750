package io.camstream.format;

/** Reads a JPEG's size from its frame header (SOFn) without decoding it. */
public final class JpegInfo {
  private JpegInfo() {
  }

  /** True for the SOFn markers that carry the picture size (not DHT, JPG or DAC). */
  static boolean isFrameHeader(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  /** Returns {width, height}, or null when the bytes are not a JPEG with a frame header. */
  public static int[] dimensions(byte[] jpeg) {
    if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
      return null;
    }
    int i = 2;
    while (i + 3 < jpeg.length) {
      if ((jpeg[i] & 0xFF) != 0xFF) {
        return null;
      }
      int marker = jpeg[i + 1] & 0xFF;
      if (marker == 0xFF) {
        i++;
        continue;
      }
      if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
        i += 2;
        continue;
      }
      if (marker == 0xD9 || marker == 0xDA) {
        return null;
      }
      int length = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
      if (isFrameHeader(marker) && i + 8 < jpeg.length) {
        int height = ((jpeg[i + 5] & 0xFF) << 8) | (jpeg[i + 6] & 0xFF);
        int width = ((jpeg[i + 7] & 0xFF) << 8) | (jpeg[i + 8] & 0xFF);
        return new int[] {width, height};
      }
      i += 2 + length;
    }
    return null;
  }
}
