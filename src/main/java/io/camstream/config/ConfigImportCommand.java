package io.camstream.config;

import io.vertx.core.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar camstream.jar config import config.txt [--out FILE [--force]]}: the old
 * server's config.txt as the commented config.json that sets the same, printed or written.
 * An existing --out file is kept unless --force, which replaces it atomically.
 */
public final class ConfigImportCommand {
  public static final String USAGE = """
      usage: java -jar camstream.jar config import config.txt [--out FILE [--force]]
        prints the camstream config.json that sets what the old server's config.txt set
        --out FILE        writes it to FILE instead (for example conf/config.json)
        --force           replaces FILE if it exists (atomically: the old file or the new, never half)
      """;

  private ConfigImportCommand() {
  }

  /** @param args the words after "config"; answers the process exit code */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      out.print(USAGE);
      return 0;
    }
    Path input = null;
    Path output = null;
    boolean force = false;
    for (int i = 1; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--out") && i + 1 < args.size()) {
        output = Path.of(args.get(++i));
      } else if (arg.equals("--force")) {
        force = true;
      } else if (!arg.startsWith("-") && input == null) {
        input = Path.of(arg);
      } else {
        err.print("camstream config: " + (arg.equals("--out") ? "--out needs a file name" : "unexpected " + arg)
            + "\n" + USAGE);
        return 2;
      }
    }
    if (args.isEmpty() || !args.get(0).equals("import") || input == null) {
      err.print("camstream config: say which file to import\n" + USAGE);
      return 2;
    }
    String json;
    try {
      String text = Files.readString(input, StandardCharsets.UTF_8);
      if (ConfigLoader.isJson(input, text)) {
        err.println("camstream config: " + input + " is already a camstream config.json; use it with --config");
        return 2;
      }
      OldConfigTxt old = OldConfigTxt.parse(text, "config file " + input);
      old.warnings().forEach(warning -> err.println("camstream config: warning: " + warning));
      json = render(input, old.settings());
    } catch (IOException e) {
      err.println("camstream config: cannot read " + input + ": " + e.getMessage());
      return 2;
    } catch (ConfigException e) {
      err.println("camstream config: " + e.getMessage());
      return 2;
    }
    if (output == null) {
      out.print(json);
      return 0;
    }
    return write(input, output, json, force, out, err);
  }

  private static int write(Path input, Path output, String json, boolean force, PrintStream out, PrintStream err) {
    try {
      if (Files.exists(output) && Files.isSameFile(input, output)) {
        err.println("camstream config: --out " + output + " is the file being imported; write to another file");
        return 2;
      }
      if (force) {
        StateFiles.replace(output, json, false);
      } else {
        Path dir = output.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // CREATE_NEW fails if the file appears between a check and the write, so nothing is ever overwritten
        Files.writeString(output, json, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      }
    } catch (FileAlreadyExistsException e) {
      err.println("camstream config: " + output + " already exists and is kept; add --force to replace it, or "
          + "choose another --out file");
      return 1;
    } catch (IOException e) {
      err.println("camstream config: cannot write " + output + ": " + e.getMessage());
      return 1;
    }
    out.println("camstream config: wrote " + output + "; start with --config " + output
        + (output.normalize().equals(Path.of("conf", "config.json")) ? " or without --config" : ""));
    return 0;
  }

  /** The settings as config.json: each key under a comment saying where it came from and what it does. */
  static String render(Path input, List<OldConfigTxt.Setting> settings) {
    Map<String, List<OldConfigTxt.Setting>> bySection = new LinkedHashMap<>();
    for (OldConfigTxt.Setting setting : settings) {
      bySection.computeIfAbsent(setting.key().substring(0, setting.key().indexOf('.')), s -> new ArrayList<>())
          .add(setting);
    }
    StringBuilder out = new StringBuilder()
        .append("// camstream configuration imported from ").append(input).append(", the old server's settings,\n")
        .append("// by `java -jar camstream.jar config import`. It holds only what that file set; every\n")
        .append("// other key keeps its default (conf/config.json in camstream's source lists them all).\n")
        .append("{\n");
    int sectionsLeft = bySection.size();
    for (Map.Entry<String, List<OldConfigTxt.Setting>> section : bySection.entrySet()) {
      out.append("  ").append(Json.encode(section.getKey())).append(": {\n");
      List<OldConfigTxt.Setting> keys = section.getValue();
      for (int i = 0; i < keys.size(); i++) {
        OldConfigTxt.Setting setting = keys.get(i);
        out.append("    // ").append(input.getFileName()).append(' ')
            .append(setting.source().replace("\n", "\\n")).append('\n')
            .append(wrapped(setting.meaning(), "    // "))
            .append("    ").append(Json.encode(setting.key().substring(setting.key().indexOf('.') + 1)))
            .append(": ").append(Json.encode(setting.value())).append(i + 1 < keys.size() ? ",\n" : "\n");
      }
      out.append("  }").append(--sectionsLeft > 0 ? ",\n" : "\n");
    }
    return out.append("}\n").toString();
  }

  private static String wrapped(String text, String prefix) {
    StringBuilder out = new StringBuilder(prefix);
    int lineStart = 0;
    for (String word : text.split(" ")) {
      if (out.length() - lineStart > prefix.length() && out.length() - lineStart + word.length() >= 100) {
        out.append('\n');
        lineStart = out.length();
        out.append(prefix);
      } else if (out.length() - lineStart > prefix.length()) {
        out.append(' ');
      }
      out.append(word);
    }
    return out.append('\n').toString();
  }
}
