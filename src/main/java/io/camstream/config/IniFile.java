package io.camstream.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An INI file read as Python's {@code configparser.ConfigParser()} reads it with its defaults,
 * because the old server's config.txt was written for that: {@code key = value} or
 * {@code key: value}, keys without case, {@code #} and {@code ;} whole-line comments (a
 * {@code #} after a value is part of the value), indented lines continuing a value, a
 * {@code [DEFAULT]} section seen by every other section, {@code %%} for {@code %}, and
 * {@code %(key)s} naming another key. What configparser refuses is refused here too, naming
 * the line.
 */
public final class IniFile {
  static final String DEFAULT_SECTION = "DEFAULT";
  /** configparser's MAX_INTERPOLATION_DEPTH. */
  private static final int MAX_DEPTH = 10;

  /** One {@code key = value}; {@code name} as written, {@code line} where the key is. */
  public record Entry(String section, String name, String value, int line) {
  }

  /** A section header and the keys under it, in file order (lower-case key to entry). */
  public record Section(String name, int line, Map<String, Entry> entries) {
  }

  private final String origin;
  private final Map<String, Section> sections;
  private final Section defaults;

  private IniFile(String origin, Map<String, Section> sections, Section defaults) {
    this.origin = origin;
    this.sections = sections;
    this.defaults = defaults;
  }

  /** The sections other than DEFAULT, in file order. */
  public List<Section> sections() {
    return List.copyOf(sections.values());
  }

  public Optional<Section> section(String name) {
    return Optional.ofNullable(sections.get(name));
  }

  /** The DEFAULT section's keys (empty when the file has none). */
  public Section defaults() {
    return defaults;
  }

  /** A key as configparser's {@code config[section][key]} finds it: the section's own, else DEFAULT's. */
  public Optional<Entry> find(String section, String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    Section s = sections.get(section);
    Entry own = s == null ? null : s.entries().get(lower);
    return Optional.ofNullable(own != null ? own : s == null ? null : defaults.entries().get(lower));
  }

  /** The entry's value with {@code %%} and {@code %(key)s} resolved, as configparser hands it out. */
  public String interpolated(Entry entry) {
    return interpolate(entry, entry.value(), 1);
  }

  private String interpolate(Entry entry, String value, int depth) {
    if (depth > MAX_DEPTH) {
      throw error(entry.line(), entry.name() + ": %(key)s references go deeper than " + MAX_DEPTH
          + " (a key that refers to itself?); write %% for a plain %");
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      char next = i + 1 < value.length() ? value.charAt(i + 1) : 0;
      int close = next == '(' ? value.indexOf(')', i + 2) : -1;
      if (next == '%') {
        out.append('%');
        i++;
      } else if (close > i + 2 && close + 1 < value.length() && value.charAt(close + 1) == 's') {
        String name = value.substring(i + 2, close);
        Entry referred = find(entry.section(), name).orElseThrow(() -> error(entry.line(), entry.name() + ": %("
            + name + ")s refers to " + name + ", which [" + entry.section() + "] does not set; write %% for a plain %"));
        out.append(interpolate(entry, referred.value(), depth + 1));
        i = close + 1;
      } else {
        throw error(entry.line(), entry.name() + " = " + value + ": a % must be written %% (configparser reads %% as "
            + "one %, and %(key)s as the value of another key)");
      }
    }
    return out.toString();
  }

  private ConfigException error(int line, String message) {
    return lineError(origin, line, message);
  }

  private static ConfigException lineError(String origin, int line, String message) {
    return new ConfigException(origin + " line " + line + ": " + message);
  }

  /**
   * @param origin how errors name the file, e.g. "config file config.txt"
   */
  public static IniFile parse(String text, String origin) {
    return new Reader(origin).read(text);
  }

  /** Follows configparser's RawConfigParser._read line by line (Python 3, default options). */
  private static final class Reader {
    private final String origin;
    private final Map<String, Section> sections = new LinkedHashMap<>();
    private final Section defaults = new Section(DEFAULT_SECTION, 0, new LinkedHashMap<>());
    private Section current;
    private Entry entry;
    private List<String> valueLines;
    private int indentLevel;

    Reader(String origin) {
      this.origin = origin;
    }

    IniFile read(String text) {
      String[] lines = (text.startsWith("\uFEFF") ? text.substring(1) : text).split("\r\n|\r|\n", -1);
      for (int i = 0; i < lines.length; i++) {
        line(i + 1, lines[i]);
      }
      finishValue();
      return new IniFile(origin, sections, defaults);
    }

    private void line(int number, String line) {
      String stripped = line.strip();
      if (stripped.startsWith("#") || stripped.startsWith(";")) {
        return;
      }
      if (stripped.isEmpty()) {
        // an empty line belongs to the value being read; trailing ones are dropped at the end
        if (entry != null) {
          valueLines.add("");
        }
        return;
      }
      int indent = line.indexOf(stripped.charAt(0));
      if (current != null && entry != null && indent > indentLevel) {
        valueLines.add(stripped);
        return;
      }
      indentLevel = indent;
      int close = stripped.lastIndexOf(']');
      if (stripped.startsWith("[") && close >= 2) {
        section(number, stripped.substring(1, close));
      } else if (current == null) {
        throw error(number, "\"" + stripped + "\" comes before any [SECTION] header; the old server's config.txt "
            + "starts with [SETTINGS]");
      } else {
        option(number, stripped);
      }
    }

    private void section(int number, String name) {
      finishValue();
      if (name.equals(DEFAULT_SECTION)) {
        current = defaults;
        return;
      }
      Section existing = sections.get(name);
      if (existing != null) {
        throw error(number, "section [" + name + "] appears a second time (first on line " + existing.line()
            + "); configparser refuses that, so merge the two");
      }
      current = new Section(name, number, new LinkedHashMap<>());
      sections.put(name, current);
    }

    private void option(int number, String stripped) {
      finishValue();
      int equals = stripped.indexOf('=');
      int colon = stripped.indexOf(':');
      int delimiter = equals < 0 ? colon : colon < 0 ? equals : Math.min(equals, colon);
      String name = delimiter < 0 ? "" : stripped.substring(0, delimiter).strip();
      if (name.isEmpty()) {
        throw error(number, "\"" + stripped + "\" is neither a [SECTION] header, a key = value nor a # comment");
      }
      String key = name.toLowerCase(Locale.ROOT);
      Entry existing = current.entries().get(key);
      if (existing != null) {
        throw error(number, name + " is set a second time in [" + current.name() + "] (first on line "
            + existing.line() + "); configparser refuses that, so keep one");
      }
      entry = new Entry(current.name(), name, "", number);
      valueLines = new ArrayList<>(List.of(stripped.substring(delimiter + 1).strip()));
    }

    /** Joins a value's lines as configparser does: with newlines, trailing blank lines dropped. */
    private void finishValue() {
      if (entry != null) {
        String value = String.join("\n", valueLines).stripTrailing();
        current.entries().put(entry.name().toLowerCase(Locale.ROOT),
            new Entry(entry.section(), entry.name(), value, entry.line()));
        entry = null;
        valueLines = null;
      }
    }

    private ConfigException error(int line, String message) {
      return lineError(origin, line, message);
    }
  }
}
