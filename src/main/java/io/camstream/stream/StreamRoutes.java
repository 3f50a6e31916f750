package io.camstream.stream;

import io.camstream.capture.Frame;
import io.camstream.http.KnownCameras;
import io.camstream.http.Routes;
import io.netty.buffer.Unpooled;

import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** /video_feed and /frame.jpg of the default camera, and /cameras/ID/video_feed and /cameras/ID/frame.jpg. */
public final class StreamRoutes implements Routes {
  private final CameraStreams streams;
  private final KnownCameras cameras;

  public StreamRoutes(CameraStreams streams, KnownCameras cameras) {
    this.streams = streams;
    this.cameras = cameras;
  }

  @Override
  public void mount(Router router) {
    router.get("/video_feed").handler(ctx -> streams.defaultCamera().serve(ctx));
    router.get("/frame.jpg").handler(ctx -> frame(ctx, streams.defaultCamera()));
    router.get("/cameras/:id/video_feed").handler(ctx -> cameras.withCamera(ctx, camera -> streams.of(camera).serve(ctx)));
    router.get("/cameras/:id/frame.jpg").handler(ctx -> cameras.withCamera(ctx, camera -> frame(ctx, streams.of(camera))));
  }

  private static void frame(RoutingContext ctx, MjpegStreamer streamer) {
    streamer.currentFrame(5000).onComplete(ar -> {
      if (ar.failed()) {
        ctx.response().setStatusCode(503).putHeader("Content-Type", "text/plain; charset=utf-8")
            .end("no picture: " + ar.cause().getMessage());
        return;
      }
      Frame frame = ar.result();
      ctx.response()
          .putHeader("Content-Type", "image/jpeg")
          .putHeader("Cache-Control", "no-store")
          .putHeader("X-Timestamp", frame.timestamp())
          .putHeader("X-Frame-Sequence", String.valueOf(frame.sequence()))
          .end(BufferInternal.buffer(Unpooled.wrappedBuffer(frame.jpeg())));
    });
  }
}
