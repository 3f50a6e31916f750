package io.camstream.recording;

import io.camstream.bus.Control;
import io.camstream.http.BusReplies;
import io.camstream.http.ControlApi;
import io.camstream.http.LegacyParams;
import io.camstream.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Recording over HTTP: the old /video_capture and /api/recording, as thin adapters onto
 * {@code camstream.recording.control}.
 */
public final class RecordingRoutes implements Routes {
  private final Control recording;

  /** Starts and stops wait for file work: a stop finalises the AVI and lists it. */
  public RecordingRoutes(Control recording) {
    this.recording = recording.waitingForFileWork();
  }

  @Override
  public void mount(Router router) {
    router.get("/video_capture").handler(this::videoCapture);
    router.get("/api/recording").handler(ControlApi.state(recording));
    router.post("/api/recording").handler(ControlApi.body()).handler(ControlApi.command(recording));
  }

  private void videoCapture(RoutingContext ctx) {
    Boolean start = LegacyParams.enableFromStatus(ctx);
    if (start == null) {
      BusReplies.answerOld(ctx, Future.succeededFuture());
      return;
    }
    JsonObject body = start
        ? new JsonObject().put("action", "start").put("filename", ctx.request().getParam("filename"))
            .put("date", ctx.request().getParam("date"))
        : new JsonObject().put("action", "stop");
    BusReplies.answerOld(ctx, recording.send(body));
  }
}
