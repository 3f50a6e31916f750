package io.camstream.http;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client mistakes (a malformed bridge frame, a corrupt WebSocket frame, a download the
 * client broke off) go to the log as one line, never a stack trace, and at most
 * {@link #LINES_PER_SOURCE} lines per source and {@link #LINES_IN_ALL} in all each minute; the
 * next line allowed says how many were held back. So a flood of bad connections cannot roll
 * the log over and erase the sign-in records admins read in /logs. Like a logger there is one
 * per process, so the JUL filter of the libraries' own log lines can use it.
 */
public final class ClientFaults {
  private static final Logger LOG = LoggerFactory.getLogger(ClientFaults.class);
  static final int LINES_PER_SOURCE = 5;
  static final int LINES_IN_ALL = 60;
  private static final long MINUTE_NANOS = 60_000_000_000L;
  /** Sources remembered at most; past that the oldest minute is forgotten at once. */
  private static final int MAX_SOURCES = 4096;
  private static final ThreadLocal<String> CURRENT_SOURCE = new ThreadLocal<>();
  private static final Limiter LIMITER = new Limiter(System::nanoTime);

  /** Counts lines per source and in all, per minute of {@code clock}. */
  static final class Limiter {
    private final LongSupplier clock;
    private final Map<String, Window> bySource = new HashMap<>();
    private final Window all;

    Limiter(LongSupplier clock) {
      this.clock = clock;
      this.all = new Window(clock.getAsLong());
    }

    /** -1 when the line is held back; else how many from this source were held back before it. */
    synchronized long admit(String source) {
      long now = clock.getAsLong();
      if (bySource.size() >= MAX_SOURCES && !bySource.containsKey(source)) {
        bySource.clear();
      }
      Window mine = bySource.computeIfAbsent(source, s -> new Window(now));
      mine.roll(now);
      all.roll(now);
      if (mine.lines >= LINES_PER_SOURCE || all.lines >= LINES_IN_ALL) {
        mine.held++;
        return -1;
      }
      mine.lines++;
      all.lines++;
      long held = mine.held;
      mine.held = 0;
      return held;
    }
  }

  /** One source's count of lines this minute and of those held back since its last line. */
  private static final class Window {
    private long startNanos;
    private int lines;
    private long held;

    Window(long now) {
      startNanos = now;
    }

    void roll(long now) {
      if (now - startNanos >= MINUTE_NANOS) {
        startNanos = now;
        lines = 0;
      }
    }
  }

  private ClientFaults() {
  }

  /**
   * Logs {@code what} (one line; control characters are replaced) for {@code source} (a
   * client address, or what the fault came through), or counts it. True when written.
   */
  public static boolean note(String source, String what) {
    long held = LIMITER.admit(source);
    if (held < 0) {
      return false;
    }
    LOG.warn("client fault from {}: {}{}", source, firstLine(what),
        held > 0 ? " (" + held + " more from there held back since its last line)" : "");
    return true;
  }

  /** Runs {@code work} with {@code source} as the source of any client fault a library logs meanwhile. */
  public static void from(String source, Runnable work) {
    String outer = CURRENT_SOURCE.get();
    CURRENT_SOURCE.set(source);
    try {
      work.run();
    } finally {
      if (outer == null) {
        CURRENT_SOURCE.remove();
      } else {
        CURRENT_SOURCE.set(outer);
      }
    }
  }

  /**
   * True for what a client causes and the server cannot help: a broken-off connection, a
   * frame that is not JSON, a corrupt WebSocket frame.
   */
  public static boolean isClientFault(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String type = t.getClass().getName();
      if (t instanceof ClosedChannelException || type.equals("io.vertx.core.json.DecodeException")
          || type.equals("io.vertx.core.http.HttpClosedException")
          || type.startsWith("io.netty.handler.codec.http.websocketx.Corrupted")
          || type.equals("io.netty.handler.codec.CorruptedFrameException")) {
        return true;
      }
      if (t instanceof IOException && t.getMessage() != null && (t.getMessage().contains("Connection reset")
          || t.getMessage().contains("Broken pipe"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * For the handler behind java.util.logging (where Vert.x, its bridges and Netty log):
   * their records about client faults become one rate-limited line here; every other record
   * passes as it is.
   */
  public static Filter julFilter() {
    return record -> !clientFault(record);
  }

  private static boolean clientFault(LogRecord record) {
    String message = record.getMessage() == null ? "" : record.getMessage();
    String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
    boolean bridge = logger.contains("BridgeImpl");
    boolean fault = record.getThrown() != null ? isClientFault(record.getThrown())
        : bridge && (message.startsWith("msg does not have address") || message.startsWith("Refusing to register"))
            || logger.endsWith("TcpEventBusBridgeImpl") && message.startsWith("io.vertx.core.json.DecodeException");
    if (!fault) {
      return false;
    }
    String source = CURRENT_SOURCE.get();
    Throwable thrown = record.getThrown();
    String what = thrown != null ? thrown.getClass().getSimpleName() + ": " + firstLine(thrown.getMessage())
        : firstLine(message);
    note(source != null ? source : shortName(logger), what);
    return true;
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int end = text.indexOf('\n');
    String line = end < 0 ? text : text.substring(0, end);
    if (line.length() > 200) {
      line = line.substring(0, 200) + "...";
    }
    // client-given text: no terminal escapes or other control characters in the log
    return line.replaceAll("\\p{Cntrl}", "?");
  }

  private static String shortName(String loggerName) {
    return loggerName.substring(loggerName.lastIndexOf('.') + 1);
  }
}
