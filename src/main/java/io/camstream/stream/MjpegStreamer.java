package io.camstream.stream;

import io.camstream.bus.Demand;
import io.camstream.bus.Timers;
import io.camstream.capture.Frame;
import io.camstream.format.MjpegParts;
import io.camstream.metrics.StreamMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Fans one camera's frames out to its /video_feed viewers of one HTTP verticle instance. Everything runs
 * on that instance's event loop, so no locks: each instance serves its own connections.
 * Every frame's part is built once ({@link Frame#mjpegPart()}) and the same buffer is
 * written to every viewer.
 */
public final class MjpegStreamer {
  private final Vertx vertx;
  private final String framesAddress;
  private final String demandAddress;
  private final long viewerStallMillis;
  private final int viewerQueueBytes;
  private final StreamMetrics metrics;
  private final Timers timers;
  private final String id = UUID.randomUUID().toString();
  /** Demand of the viewers. */
  private final String holder = "viewers-" + id;
  /** Demand of requests waiting for a single picture (/frame.jpg, snapshots). */
  private final String stillHolder = "still-" + id;
  private final List<Viewer> viewers = new ArrayList<>();
  private final List<Promise<Frame>> waiting = new ArrayList<>();
  private MessageConsumer<Frame> frames;
  private Frame latest;
  private long latestArrivalNanos;
  private long dropped;
  private long reportedDropped;
  private long reportedCount = -1;
  private boolean reportedWaiting;

  /**
   * @param framesAddress where the camera publishes its frames
   * @param demandAddress where the camera hears how many viewers and waiting stills this instance holds
   */
  public MjpegStreamer(Vertx vertx, String framesAddress, String demandAddress, long viewerStallMillis,
      int viewerQueueBytes, StreamMetrics metrics) {
    this.vertx = vertx;
    this.framesAddress = framesAddress;
    this.demandAddress = demandAddress;
    this.viewerStallMillis = viewerStallMillis;
    this.viewerQueueBytes = viewerQueueBytes;
    this.metrics = metrics;
    this.timers = new Timers(vertx);
  }

  public void start() {
    frames = vertx.eventBus().localConsumer(framesAddress, message -> onFrame(message.body()));
    // checked often, so a stalled viewer is cut well within a second of its stall time
    timers.every(250, id -> closeStalledViewers());
    timers.every(1000, id -> reportDemand());
  }

  public void stop() {
    frames.unregister();
    timers.cancelAll();
    for (Viewer viewer : new ArrayList<>(viewers)) {
      viewer.close();
    }
    viewers.clear();
    waiting.forEach(p -> p.tryFail("server stopping"));
    waiting.clear();
    announce(Demand.of(holder, Demand.Kind.VIEWER, 0));
    announce(Demand.of(stillHolder, Demand.Kind.STILL, 0));
  }

  private void onFrame(Frame frame) {
    latest = frame;
    latestArrivalNanos = System.nanoTime();
    for (int i = 0; i < viewers.size(); i++) {
      viewers.get(i).offer(frame);
    }
    if (!waiting.isEmpty() && !frame.placeholder()) {
      List<Promise<Frame>> done = new ArrayList<>(waiting);
      waiting.clear();
      done.forEach(p -> p.tryComplete(frame));
      reportDemand();
    }
  }

  /** Serves /video_feed (of this camera). */
  void serve(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    response.setChunked(true)
        .setWriteQueueMaxSize(viewerQueueBytes)
        .putHeader("Content-Type", MjpegParts.CONTENT_TYPE)
        .putHeader("Cache-Control", "no-cache, no-store, must-revalidate")
        .putHeader("Pragma", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    Viewer viewer = new Viewer(response, this, metrics, ctx.request().connection(),
        String.valueOf(ctx.request().remoteAddress()));
    viewers.add(viewer);
    response.closeHandler(v -> remove(viewer));
    response.exceptionHandler(e -> remove(viewer));
    response.write(Frame.streamPreamble());
    if (latest != null && !latest.placeholder() && isLive()) {
      viewer.offer(latest);
    }
    reportDemand();
  }

  private void remove(Viewer viewer) {
    viewer.markClosed();
    if (viewers.remove(viewer)) {
      reportDemand();
    }
  }

  private void closeStalledViewers() {
    long now = System.nanoTime();
    long stall = TimeUnit.MILLISECONDS.toNanos(viewerStallMillis);
    for (Viewer viewer : new ArrayList<>(viewers)) {
      if (viewer.stalled(now, stall)) {
        viewers.remove(viewer);
        viewer.close();
      }
    }
  }

  /**
   * The frame viewers see now, for /frame.jpg and snapshots: the latest one while the
   * camera is streaming here, else the next one (the camera is held open until it comes).
   */
  public Future<Frame> currentFrame(long timeoutMillis) {
    if (latest != null && !latest.placeholder() && isLive()) {
      return Future.succeededFuture(latest);
    }
    Promise<Frame> promise = Promise.promise();
    waiting.add(promise);
    reportDemand();
    timers.after(timeoutMillis, id -> {
      if (waiting.remove(promise)) {
        promise.tryFail("the camera sent no picture within " + timeoutMillis / 1000.0 + " s");
        reportDemand();
      }
    });
    return promise.future();
  }

  private boolean isLive() {
    return System.nanoTime() - latestArrivalNanos < TimeUnit.MILLISECONDS.toNanos(500) && !viewers.isEmpty();
  }

  void countDrop() {
    dropped++;
    metrics.dropped();
  }

  private void reportDemand() {
    boolean isWaiting = !waiting.isEmpty();
    if (isWaiting != reportedWaiting) {
      reportedWaiting = isWaiting;
      announce(Demand.of(stillHolder, Demand.Kind.STILL, isWaiting ? 1 : 0));
    }
    long count = viewers.size();
    if (count != reportedCount || dropped != reportedDropped) {
      reportedCount = count;
      reportedDropped = dropped;
      announce(new Demand(holder, Demand.Kind.VIEWER, count, dropped));
    }
  }

  private void announce(Demand demand) {
    vertx.eventBus().send(demandAddress, demand.toJson());
  }

  /** This instance's viewers of this camera, for /api/viewers. */
  List<JsonObject> viewers() {
    return viewers.stream().map(Viewer::describe).toList();
  }

  long dropped() {
    return dropped;
  }
}
