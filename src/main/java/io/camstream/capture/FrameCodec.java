package io.camstream.capture;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Local-only codec that hands the same {@link Frame} to every consumer: the built-in codecs
 * copy message bodies per consumer, which for video means megabytes a second per viewer.
 */
public final class FrameCodec implements MessageCodec<Frame, Frame> {
  public static final String NAME = "camstream.frame";

  @Override
  public void encodeToWire(Buffer buffer, Frame frame) {
    throw new UnsupportedOperationException("frames stay inside this JVM; they are never sent over a cluster or bridge");
  }

  @Override
  public Frame decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException("frames stay inside this JVM");
  }

  @Override
  public Frame transform(Frame frame) {
    return frame;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
