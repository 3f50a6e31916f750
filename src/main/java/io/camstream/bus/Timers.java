package io.camstream.bus;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The timers one part (a verticle or a door) starts, so its {@code stop()} cancels every one
 * of them by calling {@link #cancelAll()}. After that no new timer starts: a late callback of
 * a stopped part cannot leave one running.
 */
public final class Timers {
  private final Vertx vertx;
  private final Set<Long> running = ConcurrentHashMap.newKeySet();
  private volatile boolean stopped;

  public Timers(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Runs {@code action} every {@code millis} until cancelled; -1 (and nothing runs) once stopped. */
  public long every(long millis, Handler<Long> action) {
    if (stopped) {
      return -1;
    }
    long id = vertx.setPeriodic(millis, action);
    running.add(id);
    return id;
  }

  /** Runs {@code action} once after {@code millis}; -1 (and nothing runs) once stopped. */
  public long after(long millis, Handler<Long> action) {
    if (stopped) {
      return -1;
    }
    // the timer fires on the caller's context, so never before this method has returned
    long id = vertx.setTimer(millis, fired -> {
      running.remove(fired);
      action.handle(fired);
    });
    running.add(id);
    return id;
  }

  public void cancel(long id) {
    if (running.remove(id)) {
      vertx.cancelTimer(id);
    }
  }

  /** Cancels every timer started here and refuses new ones. */
  public void cancelAll() {
    stopped = true;
    for (Long id : running) {
      vertx.cancelTimer(id);
    }
    running.clear();
  }
}
