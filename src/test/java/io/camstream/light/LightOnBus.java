package io.camstream.light;

import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.camstream.config.ConfigLoader;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The light verticle alone on a real Vert.x, deployed as the server deploys it (a worker:
 * its device writes block), for tests that talk to it over the bus as the routes do.
 */
public final class LightOnBus {
  private LightOnBus() {
  }

  /**
   * Deploys the light with these settings over camstream's defaults; its state file (and the
   * media folder it looks in for an old one) live in {@code dir}, so each test starts fresh.
   * Answers the deployment id.
   */
  public static Future<String> deploy(Vertx vertx, Path dir, Map<String, String> settings) {
    return deploy(vertx, null, dir, settings);
  }

  /** The same over a --config file (null for none), whose settings the given ones override. */
  public static Future<String> deploy(Vertx vertx, Path configFile, Path dir, Map<String, String> settings) {
    Map<String, String> all = new HashMap<>();
    all.put("media.dir", dir.toString());
    all.put("auth.usersFile", dir.resolve("users.json").toString());
    // a device that comes back is found again at once
    all.put("light.retryInitialMillis", "50");
    all.put("light.retryMaxMillis", "200");
    all.putAll(settings);
    return vertx.deployVerticle(new LightVerticle(), new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)
        .setConfig(ConfigLoader.load(configFile, Map.of(), all)));
  }

  public static Control control(Vertx vertx) {
    return Control.of(vertx, Addresses.LIGHT_CONTROL);
  }

  /**
   * For {@code future.map(checked(state -> assertThat(...)))}: a failed check fails the
   * chain there, so the test reports the first broken step and goes no further.
   */
  public static <T> Function<T, T> checked(Consumer<T> check) {
    return value -> {
      check.accept(value);
      return value;
    };
  }

  public static JsonObject color(String hex) {
    return new JsonObject().put("action", "color").put("value", hex);
  }

  public static JsonObject brightness(int value) {
    return new JsonObject().put("action", "brightness").put("value", value);
  }

  public static JsonObject power(boolean on) {
    return new JsonObject().put("action", "power").put("on", on);
  }

  /**
   * The first whole state the light publishes from now on that is {@code wanted}, or a failure
   * naming {@code what} and the last state seen after 20 s. Listening starts before this
   * returns (a local registration is immediate), so a change caused next is seen.
   */
  public static Future<JsonObject> published(Vertx vertx, String what, Predicate<JsonObject> wanted) {
    Promise<JsonObject> seen = Promise.promise();
    AtomicReference<JsonObject> last = new AtomicReference<>();
    MessageConsumer<JsonObject> consumer = vertx.eventBus().localConsumer(Addresses.LIGHT_STATE, m -> {
      last.set(m.body());
      if (wanted.test(m.body())) {
        seen.tryComplete(m.body());
      }
    });
    return seen.future().timeout(20, TimeUnit.SECONDS)
        .recover(e -> Future.failedFuture(new AssertionError("no light state with " + what + " was published within 20 s;"
            + " last: " + last.get())))
        .andThen(v -> consumer.unregister());
  }
}
