package io.camstream.light;

import static io.camstream.light.LightTesting.getJson;
import static io.camstream.light.LightTesting.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LightPersistenceTest {
  @TempDir
  Path media;

  private TestServer start() {
    return TestServer.start(Map.of("light.type", "simulated", "media.dir", media.toString()));
  }

  @Test
  void theLastStateSurvivesARestart() throws Exception {
    try (TestServer server = start()) {
      ok(server.url("/set_color?value=123456"));
      ok(server.url("/set_brightness?value=77"));
      ok(server.url("/light?status=true"));
    }
    Path file = media.resolve(LightConfig.STATE_FILE_NAME);
    assertThat(new JsonObject(Files.readString(file)).getString("color")).isEqualTo("123456");
    try (Stream<Path> files = Files.list(media)) {
      assertThat(files.filter(p -> p.toString().endsWith(".tmp"))).as("no temporary files left").isEmpty();
    }

    try (TestServer server = start()) {
      JsonObject state = getJson(server.url("/api/light"));
      assertThat(state.getBoolean("on")).isFalse();
      assertThat(state.getString("color")).isEqualTo("123456");
      assertThat(state.getInteger("brightness")).isEqualTo(77);
      ok(server.url("/light?status=false"));
      assertThat(getJson(server.url("/api/light")).getString("output")).isEqualTo("05101A");
    }
  }

  @Test
  void aDamagedStateFileStartsWithTheLightOff() throws Exception {
    Files.writeString(media.resolve(LightConfig.STATE_FILE_NAME), "{\"on\": tru");
    try (TestServer server = start()) {
      JsonObject state = getJson(server.url("/api/light"));
      assertThat(state.getBoolean("on")).isFalse();
      assertThat(state.getString("color")).isEqualTo("FFFFFF");
      assertThat(state.getInteger("brightness")).isEqualTo(255);
      ok(server.url("/set_color?value=ABCDEF"));
    }
    assertThat(new JsonObject(Files.readString(media.resolve(LightConfig.STATE_FILE_NAME))).getString("color"))
        .isEqualTo("ABCDEF");
  }
}
