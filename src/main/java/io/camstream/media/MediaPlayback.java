package io.camstream.media;

import io.camstream.capture.Frame;
import io.camstream.format.AviIndex;
import io.camstream.format.MjpegParts;
import io.camstream.http.LegacyParams;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Replays a recorded AVI as M-JPEG (the same multipart stream as /video_feed) at its
 * recorded rate, from ?offset=SECONDS, so any browser can watch it in an img tag. The
 * frames are read from the file as they are due; a slow client skips frames rather than
 * making the server queue them.
 */
final class MediaPlayback {
  private final Vertx vertx;
  private final RoutingContext ctx;
  private final HttpServerResponse response;
  private final AviIndex index;
  private final AsyncFile file;
  private final long startNanos;
  private final int firstFrame;
  private boolean closed;
  /** The timer of the next frame due; cancelled when the viewer goes. */
  private long pacing = -1;

  private MediaPlayback(Vertx vertx, RoutingContext ctx, AviIndex index, AsyncFile file, int firstFrame) {
    this.vertx = vertx;
    this.ctx = ctx;
    this.response = ctx.response();
    this.index = index;
    this.file = file;
    this.firstFrame = firstFrame;
    this.startNanos = System.nanoTime();
  }

  static void serve(RoutingContext ctx, Vertx vertx, MediaPaths paths) {
    String name = ctx.pathParam("file");
    Path path = paths.existingFile(name);
    if (path == null || !name.toLowerCase().endsWith(".avi")) {
      ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8")
          .end(path == null ? "no such file in media/" : name + " is not an AVI recording");
      return;
    }
    Double offset = LegacyParams.number(ctx, "offset");
    if (offset != null && offset < 0) {
      ctx.response().setStatusCode(400).putHeader("Content-Type", "text/plain; charset=utf-8")
          .end("offset is in seconds from the start and cannot be negative");
      return;
    }
    vertx.executeBlocking(() -> AviIndex.read(path))
        .compose(index -> vertx.fileSystem().open(path.toString(), new OpenOptions().setRead(true).setWrite(false))
            .map(file -> new MediaPlayback(vertx, ctx, index,
                file, (int) Math.min(index.frames(), Math.round((offset == null ? 0 : offset) * index.fps())))))
        .onSuccess(MediaPlayback::start)
        .onFailure(e -> {
          if (!ctx.response().ended()) {
            ctx.response().setStatusCode(500).putHeader("Content-Type", "text/plain; charset=utf-8")
                .end("cannot play " + name + ": " + e.getMessage());
          }
        });
  }

  private void start() {
    response.setChunked(true)
        .putHeader("Content-Type", MjpegParts.CONTENT_TYPE)
        .putHeader("Cache-Control", "no-cache, no-store, must-revalidate")
        .putHeader("X-Frame-Rate", String.valueOf(index.fps()))
        .putHeader("X-Frame-Count", String.valueOf(index.frames()));
    response.closeHandler(v -> close());
    response.write(Frame.streamPreamble());
    next(firstFrame);
  }

  /** Sends frame n when it is due; frames that fell behind (slow client) are skipped. */
  private void next(int n) {
    if (closed) {
      return;
    }
    if (n >= index.frames()) {
      closed = true;
      file.close();
      response.end();
      return;
    }
    long dueNanos = startNanos + Math.round((n - firstFrame) * 1e9 / index.fps());
    long waitMillis = (dueNanos - System.nanoTime()) / 1_000_000;
    if (waitMillis > 0) {
      pacing = vertx.setTimer(waitMillis, id -> send(n));
    } else {
      send(n);
    }
  }

  private void send(int n) {
    if (closed) {
      return;
    }
    if (response.writeQueueFull()) {
      next(dueFrame());
      return;
    }
    file.read(Buffer.buffer(index.size(n)), 0, index.position(n), index.size(n)).onComplete(ar -> {
      if (closed) {
        return;
      }
      if (ar.failed()) {
        close();
        response.reset();
        return;
      }
      Buffer jpeg = ar.result();
      // X-Timestamp here is the frame's place in the recording, in seconds from its start
      String headers = "Content-Type: image/jpeg\r\nContent-Length: " + jpeg.length() + "\r\nX-Timestamp: "
          + String.format(java.util.Locale.ROOT, "%.6f", n / index.fps()) + "\r\nX-Frame: " + n + "\r\n\r\n";
      response.write(Buffer.buffer(headers.getBytes(StandardCharsets.US_ASCII)).appendBuffer(jpeg)
          .appendBytes(MjpegParts.trailer()));
      // a late timer (a busy machine) only delays the next frame; frames are skipped only for a
      // client that cannot take them (the write queue check above)
      next(n + 1);
    });
  }

  /** The frame that should be on screen now. */
  private int dueFrame() {
    return firstFrame + (int) ((System.nanoTime() - startNanos) * index.fps() / 1e9);
  }

  private void close() {
    if (!closed) {
      closed = true;
      vertx.cancelTimer(pacing);
      file.close();
    }
  }
}
