package io.camstream.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;

/**
 * One simulated browser tab on /video_feed. Lives on one Netty event loop: every field is
 * touched only from that loop, and the window snapshots are taken there too.
 */
final class ViewerConnection extends ChannelInboundHandlerAdapter implements MultipartParser.Listener {
  /** Completes once the response headers arrived, or the connection failed. */
  final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final LoopStats stats;
  private MultipartParser parser;
  private Channel channel;
  private long frames;
  private long bytes;
  private long windowStartFrames;
  private long windowStartBytes;
  private long windowFrames;
  private long windowBytes;
  private String failure;
  private boolean closing;

  ViewerConnection(LoopStats stats) {
    this.stats = stats;
  }

  /** Counts every byte that arrives, framing and headers included. */
  final class ByteCounter extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf buf) {
        bytes += buf.readableBytes();
      }
      ctx.fireChannelRead(msg);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (failure != null) {
        return;
      }
      if (msg instanceof HttpResponse response) {
        if (response.status().code() != 200) {
          fail("HTTP " + response.status().code());
          return;
        }
        String boundary = MultipartParser.boundaryOf(response.headers().get(HttpHeaderNames.CONTENT_TYPE));
        if (boundary == null) {
          fail("not an M-JPEG stream: " + response.headers().get(HttpHeaderNames.CONTENT_TYPE));
          return;
        }
        parser = new MultipartParser(boundary, this);
        ready.complete(null);
      }
      if (msg instanceof HttpContent content && parser != null) {
        if (!parser.feed(content.content())) {
          fail(parser.error());
          return;
        }
        if (msg instanceof LastHttpContent) {
          fail("the server ended the response");
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void part(int jpegBytes, long timestampMicros) {
    frames++;
    if (stats.measuring) {
      stats.latency.record(stats.nowEpochMicros() - timestampMicros);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!closing) {
      fail("connection closed by the server");
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(cause.toString());
  }

  /** Records the first failure of this viewer and drops the connection. */
  void fail(String reason) {
    if (failure == null && !closing) {
      failure = reason;
      closing = true;
      if (channel != null) {
        channel.close();
      }
    }
    ready.complete(null);
  }

  LoopStats stats() {
    return stats;
  }

  void startWindow() {
    windowStartFrames = frames;
    windowStartBytes = bytes;
  }

  void stopWindow() {
    windowFrames = partsInWindow();
    windowBytes = bytes - windowStartBytes;
  }

  long partsInWindow() {
    return frames - windowStartFrames;
  }

  void close() {
    closing = true;
    if (channel != null) {
      channel.close();
    }
  }

  long windowFrames() {
    return windowFrames;
  }

  long windowBytes() {
    return windowBytes;
  }

  String failure() {
    return failure;
  }
}
