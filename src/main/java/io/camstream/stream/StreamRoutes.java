package io.camstream.stream;

import io.camstream.capture.Frame;
import io.camstream.http.Routes;
import io.netty.buffer.Unpooled;
import io.vertx.core.Vertx;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.ext.web.Router;

/** /video_feed and /frame.jpg. */
public final class StreamRoutes implements Routes {
  private final Vertx vertx;
  private final MjpegStreamer streamer;

  public StreamRoutes(Vertx vertx, MjpegStreamer streamer) {
    this.vertx = vertx;
    this.streamer = streamer;
  }

  @Override
  public void mount(Router router) {
    router.get("/video_feed").handler(streamer::serve);

    router.get("/frame.jpg").handler(ctx -> streamer.currentFrame(5000).onComplete(ar -> {
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
    }));
  }
}
