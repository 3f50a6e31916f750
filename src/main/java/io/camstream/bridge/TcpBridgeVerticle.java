package io.camstream.bridge;

import io.camstream.auth.Security;
import io.camstream.bus.LastState;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP event-bus bridge for programs in any language: frames of a 4-byte big-endian
 * length and a JSON object, with the same allow-list as the SockJS bridge.
 */
public final class TcpBridgeVerticle extends VerticleBase {
  /** Control messages are small; a client announcing more is refused before it can fill memory. */
  static final int MAX_FRAME_BYTES = 64 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(TcpBridgeVerticle.class);
  private final Security security;
  private final LastState states;
  private TcpEventBusBridge bridge;

  public TcpBridgeVerticle(Security security, LastState states) {
    this.security = security;
    this.states = states;
  }

  @Override
  public Future<?> start() {
    BridgeConfig config = BridgeConfig.from(config());
    BridgeOptions options = BridgeAccess.permit(new BridgeOptions());
    BridgeGuard guard = new BridgeGuard(vertx, security, config.maxRegistrationsPerSocket(), config.authTimeoutMillis());
    Vertx limited = FrameLimitedVertx.wrap(vertx, MAX_FRAME_BYTES, client -> {
      guard.opened(client, null, reason -> {
        client.write(frame(BridgeGuard.errorFrame(null, reason, "message")));
        client.close();
      });
      // the bridge library itself listens for the end of the stream, not for the close
      client.closeHandler(v -> guard.closed(client));
    });
    bridge = TcpEventBusBridge.create(limited, options, new NetServerOptions().setTcpNoDelay(true), event -> {
      boolean register = event.type() == BridgeEventType.REGISTER;
      String address = register ? event.getRawMessage().getString("address") : null;
      NetSocket client = event.socket();
      guard.decide(event, client, client.remoteAddress() == null ? "?" : client.remoteAddress().hostAddress(),
              (replyAddress, message) -> client.write(frame(BridgeGuard.errorFrame(replyAddress, message, "message"))))
          .onSuccess(allowed -> {
            if (allowed && register && BridgeAccess.outbound(address)) {
              states.get(address).onSuccess(state -> client.write(frame(
                  new JsonObject().put("type", "message").put("address", address).put("headers", new JsonObject())
                      .put("body", state))));
            }
          });
    });
    return bridge.listen(config.tcpPort(), config.tcpHost())
        .onSuccess(b -> LOG.info("TCP event-bus bridge on {}:{}", config.tcpHost(), config.tcpPort()));
  }

  static Buffer frame(JsonObject message) {
    byte[] json = message.encode().getBytes(StandardCharsets.UTF_8);
    return Buffer.buffer(json.length + 4).appendInt(json.length).appendBytes(json);
  }

  @Override
  public Future<?> stop() {
    return bridge == null ? Future.succeededFuture() : bridge.close();
  }
}
