package io.camstream.config;

/** A configuration value that cannot be used; the message names the key and what is allowed. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public static ConfigException badValue(String key, Object value, String allowed) {
    return new ConfigException("config key " + key + ": " + describe(value) + " is not allowed; " + allowed);
  }

  private static String describe(Object value) {
    return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
  }
}
