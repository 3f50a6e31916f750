package io.camstream.light;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without a light (camstream's default) the light verticle refuses everything with 403 and
 * says which setting adds one. Every old light route answering 403 on a whole server, and
 * /api/state without a light, are checked in OldConfigTxtServerTest.
 */
@ExtendWith(VertxExtension.class)
class NoLightTest {
  @TempDir
  Path dir;

  @Test
  void everyRequestIsRefusedWith403NamingTheSetting(Vertx vertx, VertxTestContext ctx) {
    List<JsonObject> requests = List.of(new JsonObject().put("action", "get"), LightOnBus.power(true),
        LightOnBus.power(false), LightOnBus.brightness(10), LightOnBus.color("FF0000"),
        new JsonObject().put("action", "dance"), new JsonObject());
    LightOnBus.deploy(vertx, dir, Map.of())
        .compose(id -> Future.all(requests.stream().map(body -> LightOnBus.control(vertx).send(body)
            .map(state -> "answered " + state)
            .otherwise(e -> e instanceof ReplyException refused ? refused.failureCode() + " " + refused.getMessage()
                : e.toString())).toList()))
        .onComplete(ctx.succeeding(answers -> ctx.verify(() -> {
          for (int i = 0; i < requests.size(); i++) {
            assertThat(answers.<String>resultAt(i)).as("answer to %s", requests.get(i))
                .startsWith("403 ").contains("light.type");
          }
          try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no light, no light state file").isEmpty();
          }
          ctx.completeNow();
        })));
  }
}
