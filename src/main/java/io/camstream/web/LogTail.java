package io.camstream.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The last bytes of a log, cut at a line start, so /logs never answers more than a fixed size. */
final class LogTail {
  static final int MAX_BYTES = 128 * 1024;

  private LogTail() {
  }

  static String ofFile(Path file) throws IOException {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      long start = Math.max(0, length - MAX_BYTES);
      byte[] bytes = new byte[(int) (length - start)];
      in.seek(start);
      in.readFully(bytes);
      return cut(bytes, start > 0);
    }
  }

  /** dmesg when allowed, else /var/log/kern.log, else a line saying why neither could be read. */
  static String kernel() {
    String why;
    try {
      Process process = new ProcessBuilder("dmesg").redirectErrorStream(true).start();
      byte[] output = tail(process.getInputStream());
      if (process.waitFor(5, TimeUnit.SECONDS) && process.exitValue() == 0) {
        return cut(output, output.length >= MAX_BYTES);
      }
      process.destroyForcibly();
      why = "dmesg: " + new String(output, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      why = "dmesg: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      why = "interrupted";
    }
    Path kernLog = Path.of("/var/log/kern.log");
    if (Files.isReadable(kernLog)) {
      try {
        return ofFile(kernLog);
      } catch (IOException e) {
        why += "; " + kernLog + ": " + e.getMessage();
      }
    }
    return "(kernel log not readable: " + why + ")";
  }

  /** Reads a stream to its end, keeping only the last MAX_BYTES. */
  private static byte[] tail(InputStream in) throws IOException {
    byte[] ring = new byte[MAX_BYTES];
    long total = 0;
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) > 0) {
      for (int i = 0; i < n; i++) {
        ring[(int) ((total + i) % MAX_BYTES)] = buffer[i];
      }
      total += n;
    }
    if (total <= MAX_BYTES) {
      return java.util.Arrays.copyOf(ring, (int) total);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(MAX_BYTES);
    int from = (int) (total % MAX_BYTES);
    out.write(ring, from, MAX_BYTES - from);
    out.write(ring, 0, from);
    return out.toByteArray();
  }

  private static String cut(byte[] bytes, boolean truncated) {
    int from = 0;
    if (truncated) {
      while (from < bytes.length && bytes[from] != '\n') {
        from++;
      }
      from = Math.min(bytes.length, from + 1);
    }
    return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
  }
}
