package io.camstream.stream;

import io.camstream.capture.Frame;
import io.camstream.http.Connections;
import io.camstream.metrics.StreamMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * One /video_feed connection. It always gets the newest frame its socket can take: while
 * the response's write queue is full, only the latest frame waits as pending (and is sent
 * from the drain handler), older ones are counted as dropped. A part is never cut in half.
 */
final class Viewer {
  private final HttpServerResponse response;
  private final MjpegStreamer streamer;
  private final Channel channel;
  private final String remote;
  private final long connectedMillis = System.currentTimeMillis();
  private final StreamMetrics metrics;
  private Frame pending;
  private long lastProgressNanos = System.nanoTime();
  private long sent;
  private long dropped;
  private boolean closed;

  Viewer(HttpServerResponse response, MjpegStreamer streamer, StreamMetrics metrics, Object connection,
      String remote) {
    this.response = response;
    this.streamer = streamer;
    this.metrics = metrics;
    this.channel = Connections.channel(connection);
    this.remote = remote;
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

  /** Cuts the connection at once ({@link Connections#cut}). */
  void close() {
    if (!closed) {
      markClosed();
      if (channel == null) {
        response.reset();
      } else {
        Connections.cut(channel);
      }
    }
  }

  void markClosed() {
    if (!closed) {
      metrics.viewerLeft(dropped);
    }
    closed = true;
    pending = null;
  }

  /** Bytes written to this viewer that still wait inside the server (not yet in the kernel). */
  long queuedBytes() {
    ChannelOutboundBuffer buffer = channel == null ? null : channel.unsafe().outboundBuffer();
    return buffer == null ? 0 : buffer.totalPendingWriteBytes();
  }

  JsonObject describe() {
    return new JsonObject()
        .put("remote", remote)
        .put("connectedAt", connectedMillis)
        .put("sent", sent)
        .put("dropped", dropped)
        .put("queuedBytes", queuedBytes())
        .put("waiting", pending != null);
  }
}
