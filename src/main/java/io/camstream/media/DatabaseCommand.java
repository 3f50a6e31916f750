package io.camstream.media;

import io.camstream.config.CommandLine;
import io.camstream.config.ConfigException;
import io.camstream.config.ConfigLoader;
import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
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
        --rebuild         after media.db was damaged: keeps it as media.db.damaged-TIME and lists
                          every picture and video in the media folder in a new media.db, dated by
                          the file's time (stop the server first, start it again after)
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
        case "--list", "--new", "--rebuild" -> action = args[i];
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
    String keptAside = null;
    if (action.equals("--rebuild")) {
      try {
        keptAside = setAsideDamaged(config.database());
      } catch (IllegalStateException | IOException e) {
        err.println("camstream db: " + e.getMessage());
        return 1;
      }
    }
    Vertx vertx = Vertx.vertx();
    try {
      // the same MediaVerticle as the server's: one writer of rows and files, the same rules and answers
      await(vertx.deployVerticle(new MediaVerticle(), new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)
          .setConfig(new JsonObject().put("media", new JsonObject().put("dir", config.dir().toString())))));
      Control media = Control.of(vertx, Addresses.MEDIA_CONTROL).waitingForFileWork();
      return action.equals("--rebuild") ? rebuild(media, config.dir(), keptAside, out, err)
          : perform(media, config.dir(), action, file, out, err);
    } catch (ExecutionException e) {
      err.println("camstream db: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
      return 1;
    } catch (Exception e) {
      err.println("camstream db: " + e.getMessage());
      return 1;
    } finally {
      vertx.close();
    }
  }

  private static int perform(Control media, Path dir, String action, String file, PrintStream out, PrintStream err)
      throws Exception {
    switch (action) {
      case "--list" -> {
        for (Object item : await(media.send("list")).getJsonArray("items")) {
          JsonObject row = (JsonObject) item;
          out.println(row.getLong("id") + "\t" + row.getString("date") + "\t" + row.getString("filename"));
        }
        return 0;
      }
      case "--new" -> {
        out.println("removed " + await(media.send("new")).getInteger("removedRows") + " rows; the files stay in " + dir);
        return 0;
      }
      case "--add" -> {
        String name = Path.of(file).getFileName().toString();
        JsonObject listed = await(media.send(new JsonObject().put("action", "get").put("filename", name))
            .otherwise(e -> null));
        if (listed != null) {
          out.println(name + " is already listed");
          return 0;
        }
        JsonObject item = await(media.send(new JsonObject().put("action", "add").put("filename", name)));
        out.println("added " + item.getLong("id") + "\t" + item.getString("date") + "\t" + item.getString("filename"));
        return 0;
      }
      default -> {
        JsonObject removed = await(media.send(new JsonObject().put("action", "remove").put("filename", file)));
        out.println("removed " + removed.getString("filename")
            + (removed.getBoolean("fileDeleted", false) ? " and its file" : " (there was no file)"));
        return 0;
      }
    }
  }

  /**
   * Only a damaged media.db is replaced: a readable one holds dates and rows the files cannot
   * give back. Answers the name of the copy kept, or null when there was no media.db.
   */
  private static String setAsideDamaged(Path database) throws IOException {
    try {
      MediaLibrary.requireReadable(database);
    } catch (MediaLibrary.DamagedException damaged) {
      return DamagedDatabase.replace(database).getFileName().toString();
    }
    if (Files.exists(database)) {
      throw new IllegalStateException(database + " is readable, so there is nothing to rebuild (it keeps dates the "
          + "files cannot give back); list a missing file with --add FILE");
    }
    return null;
  }

  /** Every picture and video in the folder, oldest first, dated by its modification time. */
  private static int rebuild(Control media, Path dir, String keptAside, PrintStream out, PrintStream err) throws Exception {
    List<Path> files;
    try (java.util.stream.Stream<Path> found = Files.list(dir)) {
      files = found.filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .filter(f -> !FileNames.kind(f.getFileName().toString()).equals("other"))
          .sorted(java.util.Comparator.comparing(DatabaseCommand::modified)).toList();
    }
    int listed = 0;
    for (Path f : files) {
      java.time.Instant time = modified(f).toInstant();
      JsonObject item = new JsonObject().put("action", "add").put("filename", f.getFileName().toString())
          .put("date", time.atZone(java.time.ZoneId.systemDefault()).toLocalDate().toString()).put("createdAt", time.toString());
      try {
        await(media.send(item));
        listed++;
      } catch (ExecutionException e) {
        err.println("camstream db: not listed: " + f.getFileName() + ": " + e.getCause().getMessage());
      }
    }
    out.println("listed " + listed + " files in a new media.db"
        + (keptAside == null ? "" : "; the damaged one is kept as " + keptAside));
    return listed == files.size() ? 0 : 1;
  }

  private static java.nio.file.attribute.FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException gone) {
      return java.nio.file.attribute.FileTime.fromMillis(0);
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

  /** Waits for the media part; its refusal (404, 400) fails with its own message. */
  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
