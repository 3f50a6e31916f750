package io.camstream.config;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The configuration after every layer, with where each value came from.
 *
 * @param fileRead the file read, described for the log ("conf/config.json"), or null for none
 * @param warnings what the file set that nothing reads (keys of the old config.txt)
 * @param origins dotted key to the place that set it last ("environment variable CAMSTREAM_SERVER_PORT")
 */
public record LoadedConfig(JsonObject json, String fileRead, List<String> warnings, Map<String, String> origins) {

  /** Runs the check; a refused value is reported with the place that set it. */
  public void validate(Consumer<JsonObject> check) {
    try {
      check.accept(json);
    } catch (ConfigException e) {
      String origin = e.key() == null ? null : origins.get(e.key());
      throw origin == null ? e : e.from(origin);
    }
  }
}
