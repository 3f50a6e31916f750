package io.camstream.light;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes what a WS2812 strip would see from SPI bytes sent at three times its bit rate:
 * each data bit is three SPI bits, 110 for a one and 100 for a zero, most significant
 * first; the rest of the buffer must stay low (the reset pulse). Written from the
 * WS2812 timing, independently of the encoder under test.
 */
public final class Ws2812SpiDecoder {
  private Ws2812SpiDecoder() {
  }

  /** Returns one array of {@code channels} bytes per pixel, in the order they are on the wire. */
  public static List<int[]> decode(byte[] spi, int pixels, int channels) {
    int dataBits = pixels * channels * 8;
    if (spi.length * 8 < dataBits * 3) {
      throw new AssertionError("SPI buffer of " + spi.length + " bytes is too short for " + pixels + " pixels");
    }
    List<int[]> result = new ArrayList<>();
    int bit = 0;
    for (int p = 0; p < pixels; p++) {
      int[] pixel = new int[channels];
      for (int c = 0; c < channels; c++) {
        int value = 0;
        for (int b = 0; b < 8; b++) {
          int symbol = bitAt(spi, bit) << 2 | bitAt(spi, bit + 1) << 1 | bitAt(spi, bit + 2);
          bit += 3;
          if (symbol == 0b110) {
            value = value << 1 | 1;
          } else if (symbol == 0b100) {
            value = value << 1;
          } else {
            throw new AssertionError("pixel " + p + " channel " + c + " bit " + b + ": SPI symbol "
                + Integer.toBinaryString(symbol) + " is neither 110 nor 100");
          }
        }
        pixel[c] = value;
      }
      result.add(pixel);
    }
    for (; bit < spi.length * 8; bit++) {
      if (bitAt(spi, bit) != 0) {
        throw new AssertionError("SPI bit " + bit + " after the pixel data is high; the reset pulse must stay low");
      }
    }
    return result;
  }

  private static int bitAt(byte[] bytes, int index) {
    return bytes[index / 8] >> (7 - index % 8) & 1;
  }
}
