package io.camstream.capture;

import io.camstream.bus.Addresses;
import io.camstream.bus.Demand;
import io.camstream.bus.Timers;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one camera. Deployed as a worker because opening and probing devices blocks; the
 * grab loop itself runs on a thread of its own, so a camera that hangs holds up nobody else.
 * Answers {@code camstream.camera.ID.control}, publishes the whole camera state on
 * {@code camstream.camera.ID.state} and the frames on {@code camstream.frames.ID}, and runs
 * the camera only while something holds demand on {@code camstream.camera.ID.demand}. The
 * default camera does the same on the addresses without an id as well.
 */
public final class CaptureVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(CaptureVerticle.class);
  static final double FOCUS_STEP = 0.05;

  private final String id;
  private final boolean primary;
  private final List<String> stateAddresses;
  private CameraConfig config;
  private SourceSpec spec;
  private FrameSource source;
  private GrabLoop loop;
  private Thread grabThread;
  private GrabLoop.Settings settings;
  /** Each holder's latest demand with a count above zero. */
  private final Map<String, Demand> holders = new HashMap<>();
  private final Map<String, Long> droppedByHolder = new HashMap<>();
  private Timers timers;
  private long idleTimer = -1;
  private GrabLoop.Status status = GrabLoop.Status.IDLE;
  private String reason;
  private String description;
  private long lastCaptured;
  private long lastStatsNanos = System.nanoTime();
  private double measuredFps;
  private JsonObject lastPublished;

  /** The default camera, from the camera section. */
  public CaptureVerticle() {
    this(CameraList.DEFAULT_ID, true);
  }

  /**
   * @param id the camera's id, part of its addresses
   * @param primary the default camera, which also answers on the addresses without an id
   */
  public CaptureVerticle(String id, boolean primary) {
    this.id = id;
    this.primary = primary;
    this.stateAddresses = primary ? List.of(Addresses.cameraState(id), Addresses.CAMERA_STATE)
        : List.of(Addresses.cameraState(id));
  }

  @Override
  public Future<?> start() {
    config = CameraConfig.from(config());
    spec = SourceFactory.resolveAuto(config.source());
    source = SourceFactory.create(spec, config);
    description = source.description();
    settings = new GrabLoop.Settings(config.grayscale(), config.halfResolution(), true, 0.5);
    List<String> frameAddresses = primary ? List.of(Addresses.frames(id), Addresses.FRAMES)
        : List.of(Addresses.frames(id));
    loop = new GrabLoop(source, config, settings, vertx.eventBus(), frameAddresses,
        (next, why, desc) -> context.runOnContext(v -> onStatus(next, why, desc)));
    grabThread = new Thread(loop, "camstream-grab-" + id);
    grabThread.setDaemon(true);
    grabThread.start();
    List<Future<Void>> consumers = new ArrayList<>();
    consumers.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.cameraControl(id), this::onControl).completion());
    consumers.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.cameraDemand(id), this::onDemand).completion());
    if (primary) {
      consumers.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.CAMERA_CONTROL, this::onControl).completion());
      consumers.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.CAMERA_DEMAND, this::onDemand).completion());
    }
    timers = new Timers(vertx);
    timers.every(1000, timer -> updateStats());
    LOG.info("camera {} source: {} ({})", id, spec, description);
    return Future.all(consumers);
  }

  @Override
  public Future<?> stop() throws InterruptedException {
    timers.cancelAll();
    loop.stop();
    grabThread.join(TimeUnit.SECONDS.toMillis(5));
    if (grabThread.isAlive()) {
      LOG.warn("the thread of camera {} did not stop within 5 s", id);
    }
    return Future.succeededFuture();
  }

  private void onStatus(GrabLoop.Status next, String why, String desc) {
    boolean changed = next != status || (why != null && !why.equals(reason));
    if (next == GrabLoop.Status.OFFLINE && changed) {
      LOG.warn("camera {} offline: {}", id, why);
    }
    status = next;
    reason = why;
    description = desc;
    if (next != GrabLoop.Status.STREAMING) {
      measuredFps = 0;
    }
    publishState();
  }

  private void onDemand(Message<JsonObject> message) {
    Demand demand;
    try {
      demand = Demand.fromJson(message.body());
    } catch (IllegalArgumentException e) {
      LOG.warn("ignored a camera demand: {}", e.getMessage());
      return;
    }
    if (demand.count() == 0) {
      holders.remove(demand.holder());
    } else {
      holders.put(demand.holder(), demand);
    }
    if (demand.dropped() != null) {
      droppedByHolder.put(demand.holder(), demand.dropped());
    }
    applyDemand();
    publishState();
  }

  private void applyDemand() {
    boolean demand = !holders.isEmpty();
    if (demand) {
      if (idleTimer >= 0) {
        timers.cancel(idleTimer);
        idleTimer = -1;
      }
      loop.setWanted(true);
    } else if (idleTimer < 0) {
      idleTimer = timers.after(Math.max(1, config.idleReleaseMillis()), id -> {
        idleTimer = -1;
        if (holders.isEmpty()) {
          loop.setWanted(false);
        }
      });
    }
  }

  private void onControl(Message<JsonObject> message) {
    JsonObject body = message.body() == null ? new JsonObject() : message.body();
    String action = body.getString("action", "get");
    try {
      switch (action) {
        case "get" -> {
        }
        case "grayscale" -> settings = new GrabLoop.Settings(requireBoolean(body, "enabled"),
            settings.halfSize(), settings.autofocus(), settings.focus());
        case "resolution" -> settings = new GrabLoop.Settings(settings.grayscale(),
            requireBoolean(body, "half"), settings.autofocus(), settings.focus());
        case "autofocus" -> {
          boolean on = requireBoolean(body, "enabled");
          requireFocus();
          settings = new GrabLoop.Settings(settings.grayscale(), settings.halfSize(), on, settings.focus());
        }
        case "focus" -> {
          double value = requireNumber(body, "value");
          requireFocus();
          settings = new GrabLoop.Settings(settings.grayscale(), settings.halfSize(), false, clamp(value));
        }
        case "focus_step" -> {
          double direction = requireNumber(body, "direction");
          if (direction == 0) {
            throw new ControlException(400, "focus_step needs a direction: a positive or negative number");
          }
          requireFocus();
          double next = clamp(settings.focus() + Math.signum(direction) * FOCUS_STEP);
          settings = new GrabLoop.Settings(settings.grayscale(), settings.halfSize(), false,
              Math.round(next * 1000) / 1000.0);
        }
        default -> throw new ControlException(400, "unknown camera action \"" + action
            + "\"; use get, grayscale, resolution, autofocus, focus or focus_step");
      }
    } catch (ControlException e) {
      message.fail(e.code, e.getMessage());
      return;
    }
    loop.setSettings(settings);
    JsonObject state = state();
    if (!action.equals("get")) {
      publish(state);
    }
    message.reply(state);
  }

  private void requireFocus() throws ControlException {
    if (!source.supportsFocus()) {
      throw new ControlException(403, "this camera cannot focus (" + description
          + "); if its lens can, set camera.type to LiquidLens");
    }
  }

  private static boolean requireBoolean(JsonObject body, String key) throws ControlException {
    Object value = body.getValue(key);
    if (value instanceof Boolean b) {
      return b;
    }
    throw new ControlException(400, "\"" + key + "\" must be true or false");
  }

  private static double requireNumber(JsonObject body, String key) throws ControlException {
    Object value = body.getValue(key);
    if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
      return n.doubleValue();
    }
    throw new ControlException(400, "\"" + key + "\" must be a finite number");
  }

  private static double clamp(double value) {
    return Math.max(0.0, Math.min(1.0, value));
  }

  private void updateStats() {
    long now = System.nanoTime();
    long captured = loop.captured.get();
    double seconds = (now - lastStatsNanos) / 1e9;
    measuredFps = status == GrabLoop.Status.STREAMING && seconds > 0
        ? Math.round((captured - lastCaptured) / seconds * 10) / 10.0 : 0;
    lastCaptured = captured;
    lastStatsNanos = now;
    publishState();
  }

  private void publishState() {
    publish(state());
  }

  private void publish(JsonObject state) {
    if (!state.equals(lastPublished)) {
      lastPublished = state;
      for (String address : stateAddresses) {
        vertx.eventBus().publish(address, state);
      }
    }
  }

  JsonObject state() {
    long viewers = holders.values().stream().filter(d -> d.kind() == Demand.Kind.VIEWER)
        .mapToLong(Demand::count).sum();
    long dropped = droppedByHolder.values().stream().mapToLong(Long::longValue).sum();
    boolean streaming = status == GrabLoop.Status.STREAMING;
    return new JsonObject()
        .put("camera", id)
        .put("source", spec.toString())
        .put("description", description)
        .put("status", status.name().toLowerCase())
        .put("online", status != GrabLoop.Status.OFFLINE)
        .put("reason", reason)
        .put("width", streaming ? loop.width() : null)
        .put("height", streaming ? loop.height() : null)
        .put("fps", measuredFps)
        .put("configuredFps", config.fps())
        .put("viewers", viewers)
        .put("consumers", holders.values().stream().mapToLong(Demand::count).sum())
        .put("grayscale", settings.grayscale())
        .put("halfResolution", settings.halfSize())
        .put("focus", new JsonObject()
            .put("available", source.supportsFocus())
            .put("autofocus", settings.autofocus())
            .put("value", settings.focus()))
        .put("frames", new JsonObject()
            .put("captured", loop.captured.get())
            .put("encoded", loop.encoded.get())
            .put("dropped", dropped))
        .put("restarts", loop.restarts.get());
  }

  /** A refused control request: code as in HTTP (400 bad value, 403 not on this hardware). */
  static final class ControlException extends Exception {
    final int code;

    ControlException(int code, String message) {
      super(message);
      this.code = code;
    }
  }
}
