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

/** The light verticle alone on a real Vert.x, restarted by undeploying and deploying it again. */
@ExtendWith(VertxExtension.class)
class LightPersistenceTest {
  @TempDir
  Path media;

  private Future<String> deploy(Vertx vertx) {
    JsonObject config = ConfigLoader.load(null, Map.of(),
        Map.of("light.type", "simulated", "media.dir", media.toString()));
    return vertx.deployVerticle(new LightVerticle(),
        new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setConfig(config));
  }

  private static JsonObject body(String action, String key, Object value) {
    return new JsonObject().put("action", action).put(key, value);
  }

  @Test
  void theLastStateSurvivesARestart(Vertx vertx, VertxTestContext ctx) {
    Control light = Control.of(vertx, Addresses.LIGHT_CONTROL);
    Path file = media.resolve(LightConfig.STATE_FILE_NAME);
    deploy(vertx)
        .compose(id -> light.send(body("color", "value", "123456"))
            .compose(s -> light.send(body("brightness", "value", 77)))
            .compose(s -> light.send(body("power", "on", false)))
            .compose(s -> vertx.undeploy(id)))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(new JsonObject(Files.readString(file)).getString("color")).isEqualTo("123456");
          assertThat(temporaryFiles()).as("no temporary files left").isEmpty();
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
    Path file = media.resolve(LightConfig.STATE_FILE_NAME);
    Files.writeString(file, "{\"on\": tru");
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
          assertThat(new JsonObject(Files.readString(file)).getString("color")).isEqualTo("ABCDEF");
          ctx.completeNow();
        })));
  }

  private Stream<Path> temporaryFiles() {
    try (Stream<Path> files = Files.list(media)) {
      return files.filter(p -> p.toString().endsWith(".tmp")).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
