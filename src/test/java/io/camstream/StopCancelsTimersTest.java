package io.camstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.auth.Role;
import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.camstream.bus.Demand;
import io.camstream.capture.CaptureVerticle;
import io.camstream.config.ConfigLoader;
import io.camstream.testing.MjpegTestClient;
import io.camstream.testing.SecuredServer;
import io.camstream.testing.TestServer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every timer a part starts is cancelled when it stops: after the undeploy no timer of it
 * is left to fire. Vert.x numbers its timers in order and {@code cancelTimer} says whether
 * one was still running, so the test asks that of every number handed out so far.
 */
@ExtendWith(VertxExtension.class)
class StopCancelsTimersTest {
  @TempDir
  Path dir;

  @Test
  void theCameraLeavesNoTimerOnceUndeployed(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = ConfigLoader.load(null, Map.of(), Map.of("camera.source", "test", "camera.width", "160",
        "camera.height", "120", "camera.idleReleaseSeconds", "600"));
    Camstream.registerCodec(vertx);
    Control camera = Control.of(vertx, Addresses.CAMERA_CONTROL);
    vertx.deployVerticle(new CaptureVerticle(), new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)
            .setConfig(config))
        .compose(id -> {
          // a holder comes and goes: the ten-minute release timer is running at the undeploy
          vertx.eventBus().send(Addresses.CAMERA_DEMAND, Demand.of("test", Demand.Kind.VIEWER, 1).toJson());
          vertx.eventBus().send(Addresses.CAMERA_DEMAND, Demand.of("test", Demand.Kind.VIEWER, 0).toJson());
          return camera.state().compose(state -> vertx.undeploy(id));
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(runningTimers(vertx)).as("timers left after the undeploy").isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void aWholeServerLeavesNoTimerOnceStopped() throws Exception {
    try (TestServer server = SecuredServer.start(dir,
        Map.of("camera.idleReleaseSeconds", "600", "auth.allowAnonymousViewers", "true"))) {
      Vertx vertx = server.vertx();
      // a viewer, a recording and a request waiting for its answer while the server stops
      try (MjpegTestClient viewer = new MjpegTestClient(server.url("/video_feed"))) {
        HttpResponse<String> recording = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(server.url("/api/recording")))
                .header("Authorization", SecuredServer.basic(Role.ADMIN))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"start\",\"filename\":\"timers\"}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(recording.statusCode()).as(recording.body()).isEqualTo(200);
        viewer.next();
        server.app().stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      assertThat(runningTimers(vertx)).as("timers left after the server stopped").isEmpty();
    }
  }

  /** Numbers of the timers still running (cancelled as they are found). */
  private static List<Long> runningTimers(Vertx vertx) {
    long newest = vertx.setTimer(3_600_000, id -> {
    });
    vertx.cancelTimer(newest);
    List<Long> running = new ArrayList<>();
    for (long id = 0; id < newest; id++) {
      if (vertx.cancelTimer(id)) {
        running.add(id);
      }
    }
    return running;
  }
}
