package io.camstream.recording;

import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.camstream.http.BusReplies;
import io.camstream.http.ControlApi;
import io.camstream.http.KnownCameras;
import io.camstream.http.LegacyParams;
import io.camstream.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Recording over HTTP: the old /video_capture and /api/recording, as thin adapters onto
 * {@code camstream.recording.control}.
 */
public final class RecordingRoutes implements Routes {
  private final Vertx vertx;
  private final Control recording;
  private final KnownCameras cameras;

  /** Starts and stops wait for file work: a stop finalises the AVI and lists it. */
  public RecordingRoutes(Vertx vertx, KnownCameras cameras) {
    this.vertx = vertx;
    this.recording = Control.of(vertx, Addresses.RECORDING_CONTROL).waitingForFileWork();
    this.cameras = cameras;
  }

  @Override
  public void mount(Router router) {
    router.get("/video_capture").handler(this::videoCapture);
    router.get("/api/recording").handler(ControlApi.state(recording));
    router.post("/api/recording").handler(ControlApi.body()).handler(ControlApi.command(recording));
    // each camera's recorder, with the same bodies
    router.get("/api/cameras/:id/recording").handler(ctx -> cameras.withCamera(ctx,
        camera -> ControlApi.state(of(camera)).handle(ctx)));
    router.post("/api/cameras/:id/recording").handler(ControlApi.body()).handler(ctx -> cameras.withCamera(ctx,
        camera -> ControlApi.command(of(camera)).handle(ctx)));
  }

  private Control of(JsonObject camera) {
    return Control.of(vertx, Addresses.recordingControl(camera.getString("id"))).waitingForFileWork();
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
