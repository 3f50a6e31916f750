package io.camstream.capture;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera's own thread: opens the source while frames are wanted, reads, filters,
 * publishes, and on any failure shows "no signal" and retries with backoff. Settings reach
 * it through volatile fields and are applied between grabs, since sources (OpenCV's
 * VideoCapture among them) are not thread-safe.
 */
final class GrabLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(GrabLoop.class);
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  enum Status { IDLE, STARTING, STREAMING, OFFLINE }

  /** Told about every status change, from the grab thread. */
  interface Listener {
    void statusChanged(Status status, String reason, String description);
  }

  record Settings(boolean grayscale, boolean halfSize, boolean autofocus, double focus) {
  }

  private final FrameSource source;
  private final CameraConfig config;
  private final EventBus bus;
  /** Where each frame is published: the camera's own address, and the one without an id for the default camera. */
  private final List<String> frameAddresses;
  private final Listener listener;
  private final ImageProcessor processor = new ImageProcessor();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final AtomicBoolean focusChanged = new AtomicBoolean(true);

  final AtomicLong captured = new AtomicLong();
  final AtomicLong encoded = new AtomicLong();
  final AtomicLong restarts = new AtomicLong();

  private volatile boolean running = true;
  private volatile boolean wanted;
  private volatile Settings settings;
  private volatile int width;
  private volatile int height;
  private boolean open;
  private Status status;
  private long sequence;

  GrabLoop(FrameSource source, CameraConfig config, Settings initial, EventBus bus, List<String> frameAddresses,
      Listener listener) {
    this.source = source;
    this.config = config;
    this.settings = initial;
    this.bus = bus;
    this.frameAddresses = List.copyOf(frameAddresses);
    this.listener = listener;
  }

  void setWanted(boolean wanted) {
    this.wanted = wanted;
    signal();
  }

  void setSettings(Settings next) {
    Settings previous = settings;
    settings = next;
    if (previous.autofocus() != next.autofocus() || previous.focus() != next.focus()) {
      focusChanged.set(true);
    }
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }

  void stop() {
    running = false;
    signal();
  }

  private void signal() {
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Sleeps up to {@code millis}, waking early on stop or a change of demand. */
  private void pause(long millis, boolean wantedBefore) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    lock.lock();
    try {
      long left;
      while (running && wanted == wantedBefore && (left = deadline - System.nanoTime()) > 0) {
        wake.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      running = false;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void run() {
    long backoff = config.retryInitialMillis();
    while (running) {
      if (!wanted) {
        closeSource();
        report(Status.IDLE, null);
        pause(TimeUnit.HOURS.toMillis(1), false);
        continue;
      }
      try {
        if (!open) {
          report(Status.STARTING, null);
          source.open();
          open = true;
          focusChanged.set(true);
        }
        if (focusChanged.getAndSet(false) && source.supportsFocus()) {
          Settings s = settings;
          source.applyFocus(s.autofocus(), s.focus());
        }
        CapturedImage image = source.read();
        long nanos = System.nanoTime();
        long micros = epochMicros();
        captured.incrementAndGet();
        publish(image, nanos, micros);
        if (status != Status.STREAMING) {
          report(Status.STREAMING, null);
          LOG.info("camera streaming: {}", source.description());
        }
        backoff = config.retryInitialMillis();
      } catch (SourceException | RuntimeException | LinkageError e) {
        // a native library that cannot be loaded (UnsatisfiedLinkError) is said like any other
        // fault, so the camera shows offline with the reason instead of its thread dying
        String reason = e instanceof SourceException ? e.getMessage()
            : e instanceof LinkageError ? "a native library the camera needs could not be loaded (" + e
                + "); reinstall camstream for this machine's architecture"
            : "unexpected camera error: " + e;
        if (!(e instanceof SourceException)) {
          LOG.error("camera failed", e);
        }
        boolean wasOpen = open;
        try {
          source.close();
        } catch (RuntimeException | LinkageError closing) {
          LOG.warn("camera could not be closed cleanly: {}", closing.toString());
        }
        open = false;
        if (wasOpen) {
          restarts.incrementAndGet();
        }
        report(Status.OFFLINE, reason);
        try {
          showNoSignal(reason, backoff);
        } catch (RuntimeException | LinkageError picture) {
          // without the picture viewers keep the last one; the camera is still retried
          LOG.error("no-signal picture failed", picture);
          pause(backoff, true);
        }
        backoff = Math.min(config.retryMaxMillis(), backoff * 2);
      }
    }
    closeSource();
  }

  /** Both capture times are taken when the picture arrived, so latency figures include filtering. */
  private void publish(CapturedImage image, long nanos, long micros) {
    Settings s = settings;
    ImageProcessor.Result result = processor.process(image, s.grayscale(), s.halfSize(), config.quality());
    if (result.encoded()) {
      encoded.incrementAndGet();
    }
    width = result.width();
    height = result.height();
    publish(new Frame(result.jpeg(), result.width(), result.height(), ++sequence, nanos, micros, false));
  }

  /** Publishes the "no signal" picture once a second for {@code millis}, unless demand goes away. */
  private void showNoSignal(String reason, long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    do {
      if (!running || !wanted) {
        return;
      }
      byte[] picture = NoSignalPicture.render(config.width(), config.height(), reason, config.quality());
      publish(new Frame(picture, config.width(), config.height(), ++sequence, System.nanoTime(), epochMicros(), true));
      encoded.incrementAndGet();
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      pause(Math.min(1000, Math.max(0, left)), true);
    } while (System.nanoTime() < deadline);
  }

  /** The same frame object to every address: the local codec never copies it. */
  private void publish(Frame frame) {
    for (int i = 0; i < frameAddresses.size(); i++) {
      bus.publish(frameAddresses.get(i), frame, LOCAL);
    }
  }

  private void closeSource() {
    if (open) {
      source.close();
      open = false;
    }
  }

  private void report(Status next, String reason) {
    if (next != status || next == Status.OFFLINE) {
      status = next;
      listener.statusChanged(next, reason, source.description());
    }
  }

  static long epochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
