package io.camstream.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The viewers of one process: opens them in batches on a few non-blocking event loops
 * (no thread per connection), and measures them over a window.
 */
final class Worker implements AutoCloseable {
  private static final int BATCH = 100;
  private final URI url;
  private final MultiThreadIoEventLoopGroup group;
  private final Class<? extends SocketChannel> channelClass;
  private final Map<EventLoop, LoopStats> loops = new IdentityHashMap<>();
  private final List<ViewerConnection> viewers = new ArrayList<>();
  private double cpuAtStart;
  private long windowStartNanos;
  private double windowSeconds;

  Worker(URI url, int threads) {
    this.url = url;
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    group = new MultiThreadIoEventLoopGroup(threads, factory);
    channelClass = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /** Opens {@code count} viewers, {@value #BATCH} at a time; returns when all answered or failed. */
  void open(int count, long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    for (int start = 0; start < count; start += BATCH) {
      List<CompletableFuture<Void>> batch = new ArrayList<>();
      for (int i = start; i < Math.min(count, start + BATCH); i++) {
        batch.add(connectOne().ready);
      }
      try {
        CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new))
            .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        // the viewers that did not answer stay open and are counted by what they receive
        break;
      }
    }
  }

  private ViewerConnection connectOne() {
    EventLoop loop = group.next();
    LoopStats stats;
    synchronized (loops) {
      stats = loops.computeIfAbsent(loop, l -> new LoopStats());
    }
    ViewerConnection viewer = new ViewerConnection(stats);
    viewers.add(viewer);
    String host = url.getHost();
    int port = url.getPort() > 0 ? url.getPort() : 80;
    String path = url.getRawPath().isEmpty() ? "/" : url.getRawPath()
        + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    new Bootstrap().group(loop).channel(channelClass)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(viewer.new ByteCounter(), new HttpClientCodec(), viewer);
          }
        })
        .connect(host, port)
        .addListener(f -> {
          if (!f.isSuccess()) {
            viewer.fail("connect: " + f.cause());
            return;
          }
          Channel channel = ((io.netty.channel.ChannelFuture) f).channel();
          DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
          request.headers().set(HttpHeaderNames.HOST, host + ":" + port)
              .set(HttpHeaderNames.ACCEPT, "image/avif,image/webp,image/*,*/*;q=0.8")
              .set(HttpHeaderNames.USER_AGENT, "camstream-bench");
          channel.writeAndFlush(request);
        });
    return viewer;
  }

  int viewerCount() {
    return viewers.size();
  }

  void startWindow() {
    onEveryLoop(stats -> {
      viewersOf(stats).forEach(ViewerConnection::startWindow);
      stats.measuring = true;
    });
    cpuAtStart = ProcStats.cpuSeconds("self");
    windowStartNanos = System.nanoTime();
  }

  /** Ends the window and returns this process's results (per-viewer figures and the merged histogram). */
  JsonObject stopWindow() {
    onEveryLoop(stats -> {
      viewersOf(stats).forEach(ViewerConnection::stopWindow);
      stats.measuring = false;
    });
    windowSeconds = (System.nanoTime() - windowStartNanos) / 1e9;
    double cpu = ProcStats.cpuSeconds("self") - cpuAtStart;
    JsonArray fps = new JsonArray();
    JsonArray bytesPerSecond = new JsonArray();
    Map<String, Integer> failures = new LinkedHashMap<>();
    for (ViewerConnection viewer : viewers) {
      fps.add(viewer.windowFrames() / windowSeconds);
      bytesPerSecond.add(viewer.windowBytes() / windowSeconds);
      if (viewer.failure() != null) {
        failures.merge(viewer.failure(), 1, Integer::sum);
      }
    }
    LatencyHistogram latency = new LatencyHistogram();
    synchronized (loops) {
      loops.values().forEach(s -> latency.add(s.latency));
    }
    JsonObject failureJson = new JsonObject();
    failures.forEach(failureJson::put);
    return new JsonObject()
        .put("windowSeconds", windowSeconds)
        .put("cpuSeconds", cpu)
        .put("fps", fps)
        .put("bytesPerSecond", bytesPerSecond)
        .put("failures", failureJson)
        .put("latency", latency.toJson());
  }

  /** The fewest parts any viewer has received since the window started; the window goes on. */
  long fewestPartsInWindow() {
    AtomicLong fewest = new AtomicLong(Long.MAX_VALUE);
    onEveryLoop(stats -> viewersOf(stats).forEach(v -> fewest.accumulateAndGet(v.partsInWindow(), Math::min)));
    return viewers.isEmpty() ? 0 : fewest.get();
  }

  /** Runs {@code action} on each loop, where its viewers' counters live, and waits for all of them. */
  private void onEveryLoop(Consumer<LoopStats> action) {
    List<io.netty.util.concurrent.Future<?>> done = new ArrayList<>();
    synchronized (loops) {
      for (Map.Entry<EventLoop, LoopStats> entry : loops.entrySet()) {
        LoopStats stats = entry.getValue();
        done.add(entry.getKey().submit(() -> action.accept(stats)));
      }
    }
    for (io.netty.util.concurrent.Future<?> f : done) {
      f.syncUninterruptibly();
    }
  }

  private List<ViewerConnection> viewersOf(LoopStats stats) {
    return viewers.stream().filter(v -> v.stats() == stats).toList();
  }

  @Override
  public void close() {
    for (ViewerConnection viewer : viewers) {
      viewer.close();
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
