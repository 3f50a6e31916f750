package io.camstream.media;

import io.camstream.config.CommandLine;
import io.camstream.config.ConfigException;
import io.camstream.config.ConfigLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar camstream.jar db --new|--list|--add FILE|--remove FILE}: what the old
 * database_manager.py did, on the same media.db. Safe while the server runs: SQLite's WAL
 * and busy timeout let both write, one after the other.
 */
public final class DatabaseCommand {
  public static final String USAGE = """
      usage: java -jar camstream.jar db ACTION [--media DIR] [--config FILE]
        --list            prints the media list (id, date, file)
        --new             empties the media list; the files in the media folder stay
        --add FILE        lists a file that is already in the media folder, dated today
        --remove FILE     removes FILE from the list and deletes the file
      """;

  private DatabaseCommand() {
  }

  /** Runs the command; answers the process exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    quietLogs();
    String action = null;
    String file = null;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--list", "--new" -> action = args[i];
        case "--add", "--remove" -> {
          action = args[i];
          if (i + 1 >= args.length) {
            err.println("camstream db: " + args[i] + " needs a file name\n" + USAGE);
            return 2;
          }
          file = args[++i];
        }
        case "--help", "-h" -> {
          out.print(USAGE);
          return 0;
        }
        default -> rest.add(args[i]);
      }
    }
    if (action == null) {
      err.print("camstream db: say what to do\n" + USAGE);
      return 2;
    }
    MediaConfig config;
    try {
      CommandLine commandLine = CommandLine.parse(rest.toArray(String[]::new));
      config = MediaConfig.from(ConfigLoader.load(commandLine.configFile(), System.getenv(), commandLine.overrides()));
      Files.createDirectories(config.dir());
    } catch (CommandLine.UsageException | ConfigException e) {
      err.println("camstream db: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("camstream db: cannot create the media folder: " + e.getMessage());
      return 1;
    }
    Vertx vertx = Vertx.vertx();
    try {
      MediaLibrary library = MediaLibrary.open(vertx, config.database()).toCompletionStage().toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
      try {
        return perform(library, new MediaPaths(config.dir()), action, file, out, err);
      } finally {
        library.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      err.println("camstream db: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
      return 1;
    } finally {
      vertx.close();
    }
  }

  private static int perform(MediaLibrary library, MediaPaths paths, String action, String file, PrintStream out,
      PrintStream err) throws Exception {
    switch (action) {
      case "--list" -> {
        for (MediaItem item : await(library.all())) {
          out.println(item.id() + "\t" + item.date() + "\t" + item.fileName());
        }
        return 0;
      }
      case "--new" -> {
        out.println("removed " + await(library.clear()) + " rows; the files stay in " + paths.dir());
        return 0;
      }
      case "--add" -> {
        String name = FileNames.existing(Path.of(file).getFileName().toString());
        Path path = paths.existingFile(name);
        if (path == null) {
          err.println("camstream db: " + paths.dir().resolve(name) + " does not exist; copy the file there first");
          return 1;
        }
        if (await(library.find(name)) != null) {
          out.println(name + " is already listed");
          return 0;
        }
        MediaItem item = await(library.add(new MediaItem(0, LocalDate.now().toString(), name, null, Files.size(path),
            null, null, null, null, Instant.now().toString())));
        out.println("added " + item.id() + "\t" + item.date() + "\t" + item.fileName());
        return 0;
      }
      default -> {
        String name = FileNames.existing(file);
        if (await(library.remove(name)) == 0) {
          err.println("camstream db: " + name + " is not listed");
          return 1;
        }
        Path path = paths.resolve(name);
        boolean deleted = path != null && Files.deleteIfExists(path);
        new Thumbnails(paths.dir()).forget(name);
        out.println("removed " + name + (deleted ? " and its file" : " (there was no file)"));
        return 0;
      }
    }
  }

  /** The command's output is its answer; only warnings go to the console. */
  private static void quietLogs() {
    if (!org.tinylog.configuration.Configuration.isFrozen()) {
      org.tinylog.configuration.Configuration.set("writer", "console");
      org.tinylog.configuration.Configuration.set("writer.stream", "err");
      org.tinylog.configuration.Configuration.set("writer.level", "warn");
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
