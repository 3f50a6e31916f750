package io.camstream.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The server's command-line options; each one overrides a configuration key. */
public final class CommandLine {
  public static final String USAGE = """
      usage: java -jar camstream.jar [options]
             java -jar camstream.jar db --list|--new|--add FILE|--remove FILE [--media DIR]
        --config FILE     configuration file (default: conf/config.json if it exists, else the old
                          server's config.txt if it is in the working folder)
        --port N          web server port (server.port)
        --camera SOURCE   auto, test, usb, usb:/dev/video2, pi, pipe:COMMAND, mjpeg-url:URL (camera.source)
        --camera ID=SOURCE  one more camera with that id (cameras list), or a new source for it;
                          repeat it for each camera: --camera test --camera yard=usb:1
        --media DIR       folder for pictures, videos and media.db (media.dir)
        --light TYPE      light driver: none, neopixel, trinket, simulated (light.type)
        --auth on|off     access control (auth.enabled); off only on a closed lab network
        --set KEY=VALUE   any other configuration key, e.g. --set camera.fps=15
        --version         the version of this jar
        --help            this text

      users (in auth.usersFile; a running server picks changes up within seconds):
        java -jar camstream.jar user list
        java -jar camstream.jar user add NAME viewer|operator|admin   (asks for the password)
        java -jar camstream.jar user passwd NAME
        java -jar camstream.jar user role NAME viewer|operator|admin
        java -jar camstream.jar user token NAME      (prints a new API token once)
        java -jar camstream.jar user revoke NAME     (removes all of NAME's tokens)
        java -jar camstream.jar user remove NAME
        (it reads the configuration as the server does and refuses when there is no users file
        there; --create starts one)

      the old server's config.txt as a commented config.json:
        java -jar camstream.jar config import config.txt [--out conf/config.json [--force]]

      several servers as one cluster: the credentials every member holds a copy of (cluster.credentials)
        java -jar camstream.jar cluster credentials DIR
      """;

  /** ID=SOURCE: an id never holds ":" or a space, and every source with an "=" does (pipe:..., mjpeg-url:...). */
  private static final Pattern NAMED_CAMERA = Pattern.compile("([A-Za-z0-9_-]+)=(.*)", Pattern.DOTALL);

  private static final Map<String, String> OPTION_KEYS = Map.of(
      "--port", "server.port",
      "--media", "media.dir",
      "--light", "light.type");

  private final Path configFile;
  private final Map<String, String> overrides;
  private final boolean help;
  private final boolean version;
  private final boolean create;
  private final List<String> rest;

  private CommandLine(Path configFile, Map<String, String> overrides, boolean help, boolean version, boolean create,
      List<String> rest) {
    this.configFile = configFile;
    this.overrides = overrides;
    this.help = help;
    this.version = version;
    this.create = create;
    this.rest = rest;
  }

  /** Thrown for options that cannot be understood; the message says which and why. */
  public static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }

  public static CommandLine parse(String[] args) {
    Path configFile = null;
    Map<String, String> overrides = new LinkedHashMap<>();
    List<String> rest = new ArrayList<>();
    boolean help = false;
    boolean version = false;
    boolean create = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0 && !arg.startsWith("--set")) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      switch (arg) {
        case "--help", "-h" -> help = true;
        case "--version", "-V" -> version = true;
        case "--create" -> create = true;
        case "--config" -> configFile = Path.of(value != null ? value : next(args, ++i, arg));
        case "--auth" -> {
          String onOff = value != null ? value : next(args, ++i, arg);
          if (!onOff.equals("on") && !onOff.equals("off")) {
            throw new UsageException("--auth takes on or off, not \"" + onOff + "\"");
          }
          overrides.put("auth.enabled", String.valueOf(onOff.equals("on")));
        }
        case "--set" -> {
          String pair = next(args, ++i, arg);
          int at = pair.indexOf('=');
          if (at <= 0) {
            throw new UsageException("--set takes KEY=VALUE, for example --set camera.fps=15; got \"" + pair + "\"");
          }
          overrides.put(pair.substring(0, at), pair.substring(at + 1));
        }
        case "--camera" -> {
          String source = value != null ? value : next(args, ++i, arg);
          Matcher named = NAMED_CAMERA.matcher(source);
          if (named.matches()) {
            overrides.put("cameras." + named.group(1) + ".source", named.group(2));
          } else {
            overrides.put("camera.source", source);
          }
        }
        default -> {
          String key = OPTION_KEYS.get(arg);
          if (key != null) {
            overrides.put(key, value != null ? value : next(args, ++i, arg));
          } else if (arg.startsWith("-")) {
            throw new UsageException("unknown option " + arg + "\n" + USAGE);
          } else {
            rest.add(arg);
          }
        }
      }
    }
    if (configFile == null && Files.isRegularFile(Path.of("conf", "config.json"))) {
      configFile = Path.of("conf", "config.json");
    } else if (configFile == null && Files.isRegularFile(Path.of("config.txt"))) {
      // where the old server read its settings, so a switching user's folder works as it is
      configFile = Path.of("config.txt");
    }
    if (create && (rest.isEmpty() || !rest.get(0).equals("user"))) {
      throw new UsageException("--create is for the user command: java -jar camstream.jar user add NAME ROLE --create");
    }
    return new CommandLine(configFile, overrides, help, version, create, rest);
  }

  private static String next(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new UsageException(option + " needs a value\n" + USAGE);
    }
    return args[index];
  }

  public Path configFile() {
    return configFile;
  }

  public Map<String, String> overrides() {
    return overrides;
  }

  public boolean help() {
    return help;
  }

  public boolean version() {
    return version;
  }

  /** For the user command: start a users file where none exists. */
  public boolean create() {
    return create;
  }

  /** Words that are not options, such as a sub-command. */
  public List<String> rest() {
    return rest;
  }
}
