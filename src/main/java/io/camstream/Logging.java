package io.camstream;

import io.camstream.config.ConfigSection;
import io.camstream.config.Folders;
import io.camstream.http.ClientFaults;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.tinylog.configuration.Configuration;
import org.tinylog.jul.JulTinylogBridge;
import org.tinylog.provider.ProviderRegistry;

/**
 * Sends every log line (ours, Vert.x's and Netty's through SLF4J, diozero's through tinylog,
 * java.util.logging) to the console and to a size-rotated file.
 */
final class Logging {
  /** Held here: java.util.logging keeps loggers only weakly, and a collected one forgets its level. */
  private static final java.util.logging.Logger INFINISPAN = java.util.logging.Logger.getLogger("org.infinispan");
  private static final java.util.logging.Logger INFINISPAN_CONFIG =
      java.util.logging.Logger.getLogger("org.infinispan.CONFIG");

  private Logging() {
  }

  static void configure(JsonObject config) {
    ConfigSection log = new ConfigSection("", config).section("log");
    log.rejectUnknown("dir", "level", "maxFileMegabytes", "files");
    String level = log.choice("level", "info", "trace", "debug", "info", "warn", "error");
    Path dir = Path.of(log.string("dir", "logs")).toAbsolutePath();
    int megabytes = log.integer("maxFileMegabytes", 10, 1, 1024);
    // before tinylog, which would print its own stack trace for a folder it cannot write
    Folders.prepare(dir, "the log folder (log.dir)");
    int files = log.integer("files", 5, 1, 100);
    String format = "{date: yyyy-MM-dd HH:mm:ss.SSS} {level|min-size=5} [{thread}] {class-name}: {message}";
    Configuration.set("level", level);
    Configuration.set("writer", "console");
    Configuration.set("writer.format", format);
    Configuration.set("writer2", "rolling file");
    Configuration.set("writer2.file", dir.resolve("camstream.{count}.log").toString());
    Configuration.set("writer2.latest", dir.resolve("camstream.log").toString());
    Configuration.set("writer2.policies", "startup, size: " + megabytes + "mb");
    Configuration.set("writer2.backups", String.valueOf(files));
    Configuration.set("writer2.format", format);
    Configuration.set("writer2.buffered", "false");
    Configuration.set("writingthread", "true");
    // our shutdown hook stops tinylog last, so the shutdown itself is logged
    Configuration.set("autoshutdown", "false");
    // Netty's per-connection chatter is noise at info level
    Configuration.set("level@io.netty", "warn".equals(level) || "error".equals(level) ? level : "info");
    // off a Pi, diozero warns with stack traces that /proc/device-tree is missing
    Configuration.set("level@com.diozero.sbc", "error");
    // the cluster manager logs every internal cache's rebalance at each join or leave;
    // ClusterNode logs the membership itself in one line (JGroups logs through SLF4J)
    boolean verbose = "debug".equals(level) || "trace".equals(level);
    Configuration.set("level@org.jgroups", "error".equals(level) ? level : verbose ? "info" : "warn");
    JulTinylogBridge.activate();
    // Infinispan logs through JBoss Logging into java.util.logging, under its own categories
    INFINISPAN.setLevel("error".equals(level) ? Level.SEVERE : verbose ? Level.INFO : Level.WARNING);
    // a warning at every start that its internal caches are not kept on disk: camstream keeps nothing in them
    INFINISPAN_CONFIG.setLevel(Level.SEVERE);
    // Vert.x, its bridges and Netty log client faults (a malformed frame, a reset download)
    // at ERROR with a stack trace: one rate-limited line each instead. tinylog's JUL handler
    // does not apply handler filters, so it is wrapped
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    Filter clientFaults = ClientFaults.julFilter();
    for (Handler handler : root.getHandlers()) {
      root.removeHandler(handler);
      root.addHandler(new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (clientFaults.isLoggable(record)) {
            handler.publish(record);
          }
        }

        @Override
        public void flush() {
          handler.flush();
        }

        @Override
        public void close() {
          handler.close();
        }
      });
    }
  }

  static void shutdown() {
    try {
      ProviderRegistry.getLoggingProvider().shutdown();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
