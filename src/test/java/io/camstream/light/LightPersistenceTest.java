package io.camstream.light;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.camstream.config.ConfigLoader;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The light verticle alone on a real Vert.x, restarted by undeploying and deploying it again.
 * Its state lives beside the users file (conf/), no longer in media/.
 */
@ExtendWith(VertxExtension.class)
class LightPersistenceTest {
  @TempDir
  Path media;
  @TempDir
  Path conf;

  private Future<String> deploy(Vertx vertx) {
    JsonObject config = ConfigLoader.load(null, Map.of(), Map.of("light.type", "simulated",
        "media.dir", media.toString(), "auth.usersFile", conf.resolve("users.json").toString()));
    return vertx.deployVerticle(new LightVerticle(),
        new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setConfig(config));
  }

  private static JsonObject body(String action, String key, Object value) {
    return new JsonObject().put("action", action).put(key, value);
  }

  private Path stateFile() {
    return conf.resolve(LightConfig.STATE_FILE_NAME);
  }

  private Path oldStateFile() {
    return media.resolve(LightConfig.LEGACY_STATE_FILE_NAME);
  }

  @Test
  void theLastStateSurvivesARestart(Vertx vertx, VertxTestContext ctx) {
    Control light = Control.of(vertx, Addresses.LIGHT_CONTROL);
    deploy(vertx)
        .compose(id -> light.send(body("color", "value", "123456"))
            .compose(s -> light.send(body("brightness", "value", 77)))
            .compose(s -> light.send(body("power", "on", false)))
            .compose(s -> vertx.undeploy(id)))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(new JsonObject(Files.readString(stateFile())).getString("color")).isEqualTo("123456");
          assertThat(files(conf).filter(p -> p.toString().endsWith(".tmp"))).as("no temporary files left").isEmpty();
          assertThat(files(media)).as("nothing of the light in media/").isEmpty();
        })))
        .compose(v -> deploy(vertx))
        .compose(id -> light.state())
        .onComplete(ctx.succeeding(state -> ctx.verify(() -> {
          assertThat(state.getBoolean("on")).isFalse();
          assertThat(state.getString("color")).isEqualTo("123456");
          assertThat(state.getInteger("brightness")).isEqualTo(77);
        })))
        .compose(state -> light.send(body("power", "on", true)))
        .onComplete(ctx.succeeding(state -> ctx.verify(() -> {
          assertThat(state.getString("output")).as("0x123456 at brightness 77").isEqualTo("05101A");
          ctx.completeNow();
        })));
  }

  @Test
  void aDamagedStateFileStartsWithTheLightOff(Vertx vertx, VertxTestContext ctx) throws IOException {
    Files.writeString(stateFile(), "{\"on\": tru");
    Control light = Control.of(vertx, Addresses.LIGHT_CONTROL);
    deploy(vertx)
        .compose(id -> light.state())
        .onComplete(ctx.succeeding(state -> ctx.verify(() -> {
          assertThat(state.getBoolean("on")).isFalse();
          assertThat(state.getString("color")).isEqualTo("FFFFFF");
          assertThat(state.getInteger("brightness")).isEqualTo(255);
        })))
        .compose(state -> light.send(body("color", "value", "ABCDEF")))
        .onComplete(ctx.succeeding(state -> ctx.verify(() -> {
          assertThat(new JsonObject(Files.readString(stateFile())).getString("color")).isEqualTo("ABCDEF");
          ctx.completeNow();
        })));
  }

  @Test
  void theStateAnEarlierVersionKeptInMediaIsReadOnceAndMovedBesideTheUsers(Vertx vertx, VertxTestContext ctx)
      throws IOException {
    Files.writeString(oldStateFile(),
        new JsonObject().put("on", true).put("color", "0A141E").put("brightness", 100).encode());
    Control light = Control.of(vertx, Addresses.LIGHT_CONTROL);
    deploy(vertx)
        .compose(id -> light.state().onComplete(ctx.succeeding(state -> ctx.verify(() -> {
          assertThat(state.getBoolean("on")).isTrue();
          assertThat(state.getString("color")).isEqualTo("0A141E");
          assertThat(state.getInteger("brightness")).isEqualTo(100);
          assertThat(Files.exists(oldStateFile())).as("the old copy is gone from media/").isFalse();
          assertThat(new JsonObject(Files.readString(stateFile())).getString("color")).isEqualTo("0A141E");
        })))
            .compose(s -> light.send(body("color", "value", "112233")))
            .compose(s -> vertx.undeploy(id)))
        .onComplete(ctx.succeeding(v -> ctx.verify(() ->
            assertThat(Files.exists(oldStateFile())).as("later changes are written only to the new place").isFalse())))
        .compose(v -> deploy(vertx))
        .compose(id -> light.state())
        .onComplete(ctx.succeeding(state -> ctx.verify(() -> {
          assertThat(state.getString("color")).isEqualTo("112233");
          ctx.completeNow();
        })));
  }

  @Test
  void anOldCopyLeftBesideANewerStateIsRemovedWithoutWinning(Vertx vertx, VertxTestContext ctx) throws IOException {
    Files.writeString(stateFile(),
        new JsonObject().put("on", false).put("color", "445566").put("brightness", 10).encode());
    Files.writeString(oldStateFile(),
        new JsonObject().put("on", true).put("color", "FFFFFF").put("brightness", 255).encode());
    Control light = Control.of(vertx, Addresses.LIGHT_CONTROL);
    deploy(vertx)
        .compose(id -> light.state())
        .onComplete(ctx.succeeding(state -> ctx.verify(() -> {
          assertThat(state.getString("color")).isEqualTo("445566");
          assertThat(Files.exists(oldStateFile())).isFalse();
          ctx.completeNow();
        })));
  }

  private static Stream<Path> files(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
