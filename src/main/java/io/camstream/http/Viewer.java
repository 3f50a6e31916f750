package io.camstream.http;

import io.camstream.capture.Frame;
import io.camstream.metrics.StreamMetrics;
import io.vertx.core.http.HttpServerResponse;

/**
 * One /video_feed connection. It always gets the newest frame its socket can take: while
 * the response's write queue is full, only the latest frame waits as pending (and is sent
 * from the drain handler), older ones are counted as dropped. A part is never cut in half.
 */
final class Viewer {
  private final HttpServerResponse response;
  private final MjpegStreamer streamer;
  private final StreamMetrics metrics;
  private Frame pending;
  private long lastProgressNanos = System.nanoTime();
  private long sent;
  private long dropped;
  private boolean closed;

  Viewer(HttpServerResponse response, MjpegStreamer streamer, StreamMetrics metrics) {
    this.response = response;
    this.streamer = streamer;
    this.metrics = metrics;
    response.drainHandler(v -> onDrain());
  }

  void offer(Frame frame) {
    if (closed) {
      return;
    }
    if (response.writeQueueFull()) {
      if (pending != null) {
        dropped++;
        streamer.countDrop();
      }
      pending = frame;
    } else {
      write(frame);
    }
  }

  private void onDrain() {
    lastProgressNanos = System.nanoTime();
    Frame next = pending;
    if (next != null && !closed) {
      pending = null;
      write(next);
    }
  }

  private void write(Frame frame) {
    response.write(frame.mjpegPart());
    sent++;
    lastProgressNanos = System.nanoTime();
    metrics.served(frame.captureNanos(), lastProgressNanos);
  }

  /** True when the viewer has had a frame waiting and taken nothing for {@code stallNanos}. */
  boolean stalled(long now, long stallNanos) {
    return (pending != null || response.writeQueueFull()) && now - lastProgressNanos > stallNanos;
  }

  void close() {
    if (!closed) {
      markClosed();
      response.reset();
    }
  }

  void markClosed() {
    if (!closed) {
      metrics.viewerLeft(dropped);
    }
    closed = true;
    pending = null;
  }

  long sent() {
    return sent;
  }

  long dropped() {
    return dropped;
  }
}
