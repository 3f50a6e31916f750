package io.camstream.capture;

import io.camstream.format.MjpegStreamReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source that runs a command writing M-JPEG to its stdout and cuts that into pictures.
 * A process that exits, or stops writing for {@code stallMillis}, is a failure: it is
 * killed with all its children and started again by the grab loop.
 */
abstract class ProcessSource implements FrameSource {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessSource.class);
  private static final int MAX_FRAME_BYTES = 32 * 1024 * 1024;

  private final long stallMillis;
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private Process process;
  private MjpegStreamReader reader;
  private Thread watchdog;
  private volatile long lastPictureNanos;
  private volatile boolean stalled;

  ProcessSource(long stallMillis) {
    this.stallMillis = stallMillis;
  }

  /** The command line to run. */
  protected abstract List<String> command() throws SourceException;

  @Override
  public void open() throws SourceException {
    close();
    List<String> command = command();
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new SourceException("cannot start " + command.get(0) + ": " + e.getMessage());
    }
    closeQuietly(process);
    reader = new MjpegStreamReader(process.getInputStream(), MAX_FRAME_BYTES);
    synchronized (stderrTail) {
      stderrTail.clear();
    }
    Process started = process;
    Thread stderr = new Thread(() -> drainStderr(started.getErrorStream()), "camstream-source-stderr");
    stderr.setDaemon(true);
    stderr.start();
    lastPictureNanos = System.nanoTime();
    stalled = false;
    watchdog = new Thread(() -> watch(started), "camstream-source-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  @Override
  public CapturedImage read() throws SourceException {
    if (reader == null) {
      throw new SourceException(description() + " is not running");
    }
    try {
      CapturedImage image = CapturedImage.jpeg(reader.next());
      lastPictureNanos = System.nanoTime();
      return image;
    } catch (EOFException e) {
      throw new SourceException(exitReason());
    } catch (IOException e) {
      if (stalled) {
        throw new SourceException(description() + " sent no picture for " + stallMillis / 1000.0 + " s; restarting it");
      }
      if (!process.isAlive()) {
        throw new SourceException(exitReason());
      }
      throw new SourceException(description() + ": " + e.getMessage());
    }
  }

  private String exitReason() {
    if (stalled) {
      return description() + " sent no picture for " + stallMillis / 1000.0 + " s; restarting it";
    }
    Integer code = null;
    try {
      if (process.waitFor(2, TimeUnit.SECONDS)) {
        code = process.exitValue();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String last;
    synchronized (stderrTail) {
      last = stderrTail.isEmpty() ? "" : ": " + String.join(" | ", stderrTail);
    }
    return description() + (code == null ? " closed its output" : " exited with code " + code) + last;
  }

  private static void closeQuietly(Process p) {
    try {
      p.getOutputStream().close();
    } catch (IOException ignored) {
      // nothing was ever written to it
    }
  }

  private void drainStderr(InputStream err) {
    try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(err, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        LOG.debug("{}: {}", command().get(0), line);
        synchronized (stderrTail) {
          stderrTail.addLast(line.length() > 300 ? line.substring(0, 300) : line);
          while (stderrTail.size() > 3) {
            stderrTail.removeFirst();
          }
        }
      }
    } catch (IOException | SourceException ignored) {
      // the process is gone; its exit is reported by read()
    }
  }

  private void watch(Process watched) {
    while (watched.isAlive()) {
      try {
        Thread.sleep(Math.min(500, stallMillis));
      } catch (InterruptedException e) {
        return;
      }
      if (System.nanoTime() - lastPictureNanos > TimeUnit.MILLISECONDS.toNanos(stallMillis)) {
        stalled = true;
        destroy(watched);
        return;
      }
    }
  }

  private static void destroy(Process p) {
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (!p.waitFor(1, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (watchdog != null) {
      watchdog.interrupt();
      watchdog = null;
    }
    if (process != null) {
      destroy(process);
      process = null;
    }
    reader = null;
  }
}
