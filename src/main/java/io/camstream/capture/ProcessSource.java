package io.camstream.capture;

import io.camstream.format.MjpegStreamReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source that runs a command writing M-JPEG to its stdout and cuts that into pictures.
 * A process that exits, or stops writing for {@code stallMillis}, is a failure: its whole
 * process group is killed, which also ends the grab thread's read, and the grab loop starts
 * it again.
 *
 * <p>The command runs under {@code setsid} (util-linux) in a group of its own, through a
 * small {@code sh} wrapper that also watches this JVM: when the server dies, even by
 * {@code kill -9}, the wrapper kills the group within a second, so no helper outlives it.
 */
abstract class ProcessSource implements FrameSource {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessSource.class);
  private static final int MAX_FRAME_BYTES = 32 * 1024 * 1024;
  /** How long a helper has to end after SIGTERM before SIGKILL. */
  private static final long TERM_GRACE_MILLIS = 1000;
  /**
   * $1 is this JVM's pid, the rest the command. The watcher runs with its output away
   * from the pipe, so a command that ends still gives the reader its end of file.
   */
  private static final String WRAPPER = """
      parent=$1; shift
      ( while kill -0 "$parent" 2>/dev/null; do sleep 1; done; kill -s KILL -- -$$ ) </dev/null >/dev/null 2>&1 &
      watcher=$!
      "$@"
      status=$?
      kill "$watcher" 2>/dev/null
      exit $status
      """;

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
    List<String> wrapped = new ArrayList<>(List.of("setsid", "sh", "-c", WRAPPER, "camstream-helper",
        String.valueOf(ProcessHandle.current().pid())));
    wrapped.addAll(command);
    try {
      process = new ProcessBuilder(wrapped).start();
    } catch (IOException e) {
      throw new SourceException("cannot start " + command.get(0) + " under setsid (Debian package util-linux): "
          + e.getMessage());
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

  /**
   * Ends the helper's whole process group: SIGTERM, then SIGKILL to whatever is left after a
   * grace (a stopped process never acts on SIGTERM). The group id is the helper's pid, as
   * setsid made it a group leader.
   */
  private static void destroy(Process p) {
    long group = p.pid();
    groupMembers(group).forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TERM_GRACE_MILLIS);
    try {
      while (System.nanoTime() < deadline && !groupMembers(group).isEmpty()) {
        Thread.sleep(50);
      }
      List<ProcessHandle> left = groupMembers(group);
      if (!left.isEmpty()) {
        LOG.info("camera helper group {} did not end on SIGTERM within {} ms; killing {} process(es)",
            group, TERM_GRACE_MILLIS, left.size());
        left.forEach(ProcessHandle::destroyForcibly);
      }
      p.waitFor(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Live (not zombie) processes whose process group is {@code group}, read from /proc. */
  static List<ProcessHandle> groupMembers(long group) {
    List<ProcessHandle> members = new ArrayList<>();
    ProcessHandle.allProcesses().forEach(handle -> {
      String stat = procStat(handle.pid());
      if (stat == null) {
        return;
      }
      // after "pid (comm)": state ppid pgrp ...; comm may hold spaces and parentheses
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      if (fields.length > 2 && !fields[0].equals("Z") && Long.parseLong(fields[2]) == group) {
        members.add(handle);
      }
    });
    return members;
  }

  private static String procStat(long pid) {
    try {
      return Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
    } catch (IOException | RuntimeException e) {
      return null;
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
