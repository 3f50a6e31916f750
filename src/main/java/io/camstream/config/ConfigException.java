package io.camstream.config;

/** A configuration value that cannot be used; the message names the key and what is allowed. */
public class ConfigException extends RuntimeException {
  private final String key;

  public ConfigException(String message) {
    this(message, null);
  }

  private ConfigException(String message, String key) {
    super(message);
    this.key = key;
  }

  public static ConfigException badValue(String key, Object value, String allowed) {
    return new ConfigException("config key " + key + ": " + describe(value) + " is not allowed; " + allowed, key);
  }

  /** The dotted key whose value was refused, or null when the fault is not one key's. */
  public String key() {
    return key;
  }

  /** The same fault, saying where the value came from (a file and line, a variable, an option). */
  public ConfigException from(String origin) {
    return new ConfigException(origin + ": " + getMessage(), key);
  }

  private static String describe(Object value) {
    return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
  }
}
