package io.camstream.recording;

import io.camstream.bus.Addresses;
import io.camstream.http.BusReplies;
import io.camstream.http.ControlApi;
import io.camstream.http.LegacyParams;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Recording over HTTP: the old /video_capture and /api/recording, as thin adapters onto
 * {@code camstream.recording.control}.
 */
public final class RecordingRoutes {
  private RecordingRoutes() {
  }

  public static void mount(Router router, Vertx vertx) {
    router.get("/video_capture").handler(ctx -> videoCapture(ctx, vertx));
    ControlApi.mount(router, vertx, "/api/recording", Addresses.RECORDING_CONTROL);
  }

  private static void videoCapture(RoutingContext ctx, Vertx vertx) {
    Boolean start = LegacyParams.enableFromStatus(ctx);
    if (start == null) {
      BusReplies.answerOld(ctx, Future.succeededFuture());
      return;
    }
    JsonObject body = start
        ? new JsonObject().put("action", "start").put("filename", ctx.request().getParam("filename"))
            .put("date", ctx.request().getParam("date"))
        : new JsonObject().put("action", "stop");
    BusReplies.answerOld(ctx, vertx.eventBus().request(Addresses.RECORDING_CONTROL, body, ControlApi.TIMEOUT));
  }
}
