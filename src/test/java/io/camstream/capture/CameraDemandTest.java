package io.camstream.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.camstream.bus.Demand;
import io.camstream.config.ConfigLoader;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The camera counts its holders by the kind each one announces, never by its name. */
@ExtendWith(VertxExtension.class)
class CameraDemandTest {

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().registerDefaultCodec(Frame.class, new FrameCodec());
    JsonObject config = ConfigLoader.load(null, Map.of(), Map.of("camera.source", "test", "camera.width", "160",
        "camera.height", "120", "camera.idleReleaseSeconds", "0.1"));
    vertx.deployVerticle(new CaptureVerticle(),
            new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setConfig(config))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void viewersAreTheHoldersOfKindViewerWhateverTheirNames(Vertx vertx, VertxTestContext ctx) {
    // names that a prefix rule would have read the other way round
    demand(vertx, new Demand("http-recorder", Demand.Kind.RECORDING, 1, null));
    demand(vertx, new Demand("instance-1", Demand.Kind.VIEWER, 2, 3L));
    demand(vertx, new Demand("still-1", Demand.Kind.STILL, 1, null));
    // the camera answers after handling the demands sent before (it works through them in order)
    Control.of(vertx, Addresses.CAMERA_CONTROL).state().onComplete(ctx.succeeding(state -> ctx.verify(() -> {
      assertThat(state.getLong("viewers")).isEqualTo(2);
      assertThat(state.getLong("consumers")).isEqualTo(4);
      assertThat(state.getJsonObject("frames").getLong("dropped")).isEqualTo(3);
      ctx.completeNow();
    })));
  }

  @Test
  void aDemandWithoutAKindIsIgnored(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().send(Addresses.CAMERA_DEMAND, new JsonObject().put("holder", "http-old").put("count", 1));
    vertx.eventBus().send(Addresses.CAMERA_DEMAND, new JsonObject().put("holder", "x").put("kind", "lurker").put("count", 1));
    Control.of(vertx, Addresses.CAMERA_CONTROL).state().onComplete(ctx.succeeding(state -> ctx.verify(() -> {
      assertThat(state.getLong("consumers")).isZero();
      assertThat(state.getString("status")).isEqualTo("idle");
      ctx.completeNow();
    })));
  }

  @Test
  void theCameraIsReleasedWhenTheLastHolderOfAnyKindLeaves(Vertx vertx, VertxTestContext ctx) {
    Control camera = Control.of(vertx, Addresses.CAMERA_CONTROL);
    vertx.eventBus().<JsonObject>localConsumer(Addresses.CAMERA_STATE, m -> {
      if (m.body().getString("status").equals("streaming")) {
        demand(vertx, Demand.of("rec", Demand.Kind.RECORDING, 0));
      }
      if (m.body().getString("status").equals("idle") && m.body().getLong("consumers") == 0
          && m.body().getJsonObject("frames").getLong("captured") > 0) {
        ctx.completeNow();
      }
    });
    demand(vertx, Demand.of("rec", Demand.Kind.RECORDING, 1));
    camera.state().onComplete(ctx.succeeding(state -> ctx.verify(() -> assertThat(state.getLong("viewers")).isZero())));
  }

  private static void demand(Vertx vertx, Demand demand) {
    vertx.eventBus().send(Addresses.CAMERA_DEMAND, demand.toJson());
  }
}
