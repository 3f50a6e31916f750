package io.camstream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Http;
import io.camstream.testing.SharedServer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * /api/state answers from the states the parts last published, yet a script that changes
 * something and reads /api/state right after always sees its own change.
 */
class StateReadsTest {
  @RegisterExtension
  static final SharedServer server = new SharedServer(Map.of("light.type", "simulated"));

  private static JsonObject state() {
    var response = Http.get(server.url("/api/state"));
    assertThat(response.statusCode()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  @Test
  void aScriptReadsItsOwnChangesRightAfterMakingThem() {
    for (int i = 1; i <= 40; i++) {
      assertThat(Http.get(server.url("/set_brightness?value=" + i)).statusCode()).isEqualTo(200);
      assertThat(state().getJsonObject("light").getInteger("brightness")).as("brightness after setting %d", i)
          .isEqualTo(i);
      boolean gray = i % 2 == 0;
      assertThat(Http.get(server.url("/grayscale?status=" + !gray)).statusCode()).isEqualTo(200);
      assertThat(state().getJsonObject("camera").getBoolean("grayscale")).as("grayscale after step %d", i)
          .isEqualTo(gray);
    }
  }
}
