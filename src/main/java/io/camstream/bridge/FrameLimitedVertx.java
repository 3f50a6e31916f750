package io.camstream.bridge;

import io.camstream.http.ClientFaults;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the frames a TCP bridge client may announce. The bridge library buffers whatever
 * length a frame's 4-byte header claims, before any authentication, and offers no hook for
 * a limit (its FrameParser appends until the announced length has arrived:
 * https://github.com/vert-x3/vertx-tcp-eventbus-bridge/blob/4fdee93f1f324f84c20033c6efa7954a17d9235c/src/main/java/io/vertx/ext/eventbus/bridge/tcp/impl/protocol/FrameParser.java);
 * so the bridge is given this view of Vert.x, whose TCP servers hand it sockets that follow
 * the frame headers and close a connection announcing more than the limit. Each such socket
 * is also shown to {@code opened} before the bridge gets it.
 */
final class FrameLimitedVertx {
  private static final Logger LOG = LoggerFactory.getLogger(FrameLimitedVertx.class);

  private FrameLimitedVertx() {
  }

  static Vertx wrap(Vertx vertx, int maxFrameBytes, Handler<NetSocket> opened) {
    return proxy(Vertx.class, vertx, (method, args) -> {
      if (method.getName().equals("createNetServer")) {
        NetServer server = (NetServer) method.invoke(vertx, args);
        return limitedServer(server, maxFrameBytes, opened);
      }
      return NOT_HANDLED;
    });
  }

  private static NetServer limitedServer(NetServer server, int maxFrameBytes, Handler<NetSocket> opened) {
    return proxy(NetServer.class, server, (method, args) -> {
      if (method.getName().equals("connectHandler") && args != null && args.length == 1 && args[0] != null) {
        @SuppressWarnings("unchecked")
        Handler<NetSocket> bridge = (Handler<NetSocket>) args[0];
        server.connectHandler(socket -> {
          NetSocket limited = limitedSocket(socket, maxFrameBytes);
          opened.handle(limited);
          bridge.handle(limited);
        });
        return SELF;
      }
      return NOT_HANDLED;
    });
  }

  private static NetSocket limitedSocket(NetSocket socket, int maxFrameBytes) {
    FrameCounter counter = new FrameCounter(maxFrameBytes);
    return proxy(NetSocket.class, socket, (method, args) -> {
      if (method.getName().equals("handler") && args != null && args.length == 1) {
        @SuppressWarnings("unchecked")
        Handler<Buffer> parser = (Handler<Buffer>) args[0];
        socket.handler(parser == null ? null : data -> {
          if (counter.accept(data)) {
            // what the bridge logs about a bad frame is said once, for this client (ClientFaults)
            ClientFaults.from(source(socket), () -> parser.handle(data));
          } else {
            LOG.warn("TCP bridge client {} announced a frame over {} bytes; connection closed",
                socket.remoteAddress(), maxFrameBytes);
            socket.handler(null);
            socket.close();
          }
        });
        return SELF;
      }
      if (method.getName().equals("exceptionHandler") && args != null && args.length == 1 && args[0] != null) {
        @SuppressWarnings("unchecked")
        Handler<Throwable> onFailure = (Handler<Throwable>) args[0];
        socket.exceptionHandler(failure -> ClientFaults.from(source(socket), () -> onFailure.handle(failure)));
        return SELF;
      }
      return NOT_HANDLED;
    });
  }

  private static String source(NetSocket socket) {
    return socket.remoteAddress() == null ? "?" : socket.remoteAddress().hostAddress();
  }

  /** Follows the stream's frame boundaries: 4-byte big-endian length, then that many bytes. */
  static final class FrameCounter {
    private final int max;
    private int headerBytes;
    private long length;
    private long remaining;

    FrameCounter(int max) {
      this.max = max;
    }

    /** False as soon as a frame header announces more than the limit. */
    boolean accept(Buffer data) {
      int i = 0;
      int size = data.length();
      while (i < size) {
        if (remaining > 0) {
          long take = Math.min(remaining, size - i);
          remaining -= take;
          i += (int) take;
          continue;
        }
        length = (length << 8) | (data.getByte(i++) & 0xFF);
        if (++headerBytes == 4) {
          if (length > max) {
            return false;
          }
          remaining = length;
          headerBytes = 0;
          length = 0;
        }
      }
      return true;
    }
  }

  private static final Object NOT_HANDLED = new Object();
  private static final Object SELF = new Object();

  private interface Interceptor {
    Object intercept(Method method, Object[] args) throws Exception;
  }

  private static <T> T proxy(Class<T> type, T target, Interceptor interceptor) {
    Object[] self = new Object[1];
    InvocationHandler handler = (proxy, method, args) -> {
      // identity, so a wrapper works as a map key (the bridge code keys state by socket)
      if (method.getName().equals("equals") && method.getParameterCount() == 1) {
        return proxy == args[0];
      }
      if (method.getName().equals("hashCode") && method.getParameterCount() == 0) {
        return System.identityHashCode(proxy);
      }
      try {
        Object result = interceptor.intercept(method, args);
        if (result == SELF) {
          return self[0];
        }
        if (result != NOT_HANDLED) {
          return result;
        }
        result = method.invoke(target, args);
        // fluent calls return the wrapper, so callers keep talking to it
        return result == target ? self[0] : result;
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    self[0] = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    return type.cast(self[0]);
  }
}
