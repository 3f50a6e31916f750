package io.camstream.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/** Cutting a connection at once, for deadlines and stalled viewers. */
public final class Connections {
  private Connections() {
  }

  /** The Netty channel under a Vert.x connection, or null when there is none to reach. */
  public static Channel channel(Object connection) {
    return connection instanceof ConnectionBase base ? base.channel() : null;
  }

  /**
   * Closes {@code channel} now. Vert.x's close waits for a flush, or for a request in flight
   * to end, that a stalled or silent client never allows; so the channel is closed below the
   * pipeline, and SO_LINGER 0 makes that close a reset that drops the kernel queue too.
   */
  public static void cut(Channel channel) {
    channel.eventLoop().execute(() -> {
      channel.config().setOption(ChannelOption.SO_LINGER, 0);
      channel.unsafe().close(channel.voidPromise());
    });
  }

  /** {@link #cut(Channel)} for a Vert.x connection; a plain close where no channel is reachable. */
  public static void cut(HttpConnection connection) {
    Channel channel = channel(connection);
    if (channel == null) {
      connection.close();
    } else {
      cut(channel);
    }
  }
}
