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
  @TempDir
  Path conf;

  private TestServer start() {
    return TestServer.start(Map.of("light.type", "simulated", "media.dir", media.toString(),
        "auth.usersFile", conf.resolve("users.json").toString()));
  }

  @Test
  void theLastStateSurvivesARestart() throws Exception {
    try (TestServer server = start()) {
      ok(server.url("/set_color?value=123456"));
      ok(server.url("/set_brightness?value=77"));
      ok(server.url("/light?status=true"));
    }
    Path file = conf.resolve(LightConfig.STATE_FILE_NAME);
    assertThat(new JsonObject(Files.readString(file)).getString("color")).isEqualTo("123456");
    try (Stream<Path> files = Files.list(conf)) {
      assertThat(files.filter(p -> p.toString().endsWith(".tmp"))).as("no temporary files left").isEmpty();
    }
    assertThat(Files.exists(media.resolve(LightConfig.LEGACY_STATE_FILE_NAME))).as("nothing of the light in media/").isFalse();

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
    Files.writeString(conf.resolve(LightConfig.STATE_FILE_NAME), "{\"on\": tru");
    try (TestServer server = start()) {
      JsonObject state = getJson(server.url("/api/light"));
      assertThat(state.getBoolean("on")).isFalse();
      assertThat(state.getString("color")).isEqualTo("FFFFFF");
      assertThat(state.getInteger("brightness")).isEqualTo(255);
      ok(server.url("/set_color?value=ABCDEF"));
    }
    assertThat(new JsonObject(Files.readString(conf.resolve(LightConfig.STATE_FILE_NAME))).getString("color"))
        .isEqualTo("ABCDEF");
  }

  @Test
  void theStateAnEarlierVersionKeptInMediaIsReadOnceAndMovedBesideTheUsers() throws Exception {
    Path old = media.resolve(LightConfig.LEGACY_STATE_FILE_NAME);
    Files.writeString(old, new JsonObject().put("on", true).put("color", "0A141E").put("brightness", 100).encode());
    try (TestServer server = start()) {
      JsonObject state = getJson(server.url("/api/light"));
      assertThat(state.getBoolean("on")).isTrue();
      assertThat(state.getString("color")).isEqualTo("0A141E");
      assertThat(state.getInteger("brightness")).isEqualTo(100);
      assertThat(Files.exists(old)).as("the old copy is gone from media/").isFalse();
      assertThat(new JsonObject(Files.readString(conf.resolve(LightConfig.STATE_FILE_NAME))).getString("color"))
          .isEqualTo("0A141E");
      ok(server.url("/set_color?value=112233"));
    }
    assertThat(Files.exists(old)).as("later changes are written only to the new place").isFalse();
    try (TestServer server = start()) {
      assertThat(getJson(server.url("/api/light")).getString("color")).isEqualTo("112233");
    }
  }

  @Test
  void anOldCopyLeftBesideANewerStateIsRemovedWithoutWinning() throws Exception {
    Files.writeString(conf.resolve(LightConfig.STATE_FILE_NAME),
        new JsonObject().put("on", false).put("color", "445566").put("brightness", 10).encode());
    Files.writeString(media.resolve(LightConfig.LEGACY_STATE_FILE_NAME),
        new JsonObject().put("on", true).put("color", "FFFFFF").put("brightness", 255).encode());
    try (TestServer server = start()) {
      assertThat(getJson(server.url("/api/light")).getString("color")).isEqualTo("445566");
    }
    assertThat(Files.exists(media.resolve(LightConfig.LEGACY_STATE_FILE_NAME))).isFalse();
  }
}
