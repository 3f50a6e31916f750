package io.camstream.capture;

import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.camstream.bus.Demand;
import io.camstream.config.ConfigLoader;
import io.camstream.testing.Await;
import io.camstream.testing.Poll;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One {@link CaptureVerticle} on a test's Vert.x, deployed as the server deploys it (a
 * worker) and held by one holder of the given kind, with the frames and states it publishes
 * collected for the test thread to wait on. Defaults as TestServer's: 320x240 at 30 fps.
 */
final class DeployedCamera implements AutoCloseable {
  /** Frames kept for the test; older ones are dropped, as a slow viewer skips them. */
  private static final int FRAMES_KEPT = 200;
  private static final long ANSWER_SECONDS = 20;
  /** The first camera in a JVM loads OpenCV's natives: on a busy machine that has taken over 20 s. */
  private static final long DEPLOY_SECONDS = 60;

  private final Vertx vertx;
  private final Control control;
  private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>(FRAMES_KEPT);
  private final List<JsonObject> published = new CopyOnWriteArrayList<>();
  private String deployment;

  private DeployedCamera(Vertx vertx) {
    this.vertx = vertx;
    this.control = Control.of(vertx, Addresses.CAMERA_CONTROL);
  }

  /** Deploys the camera with {@code settings} (dotted keys, as with --set) and holds it as one {@code kind}. */
  static DeployedCamera start(Vertx vertx, Map<String, String> settings, Demand.Kind kind) {
    Map<String, String> all = new LinkedHashMap<>(Map.of("camera.width", "320", "camera.height", "240",
        "camera.fps", "30", "camera.idleReleaseSeconds", "0.5"));
    all.putAll(settings);
    JsonObject config = ConfigLoader.load(null, Map.of(), all);
    try {
      vertx.eventBus().registerDefaultCodec(Frame.class, new FrameCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // a camera deployed before on this Vert.x registered it
    }
    DeployedCamera camera = new DeployedCamera(vertx);
    Await.result(vertx.eventBus().<Frame>localConsumer(Addresses.FRAMES, m -> camera.keep(m.body())).completion(),
        ANSWER_SECONDS);
    Await.result(vertx.eventBus().<JsonObject>localConsumer(Addresses.CAMERA_STATE, m -> camera.published.add(m.body()))
        .completion(), ANSWER_SECONDS);
    camera.deployment = Await.result(vertx.deployVerticle(new CaptureVerticle(),
        new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setConfig(config)), DEPLOY_SECONDS);
    vertx.eventBus().send(Addresses.CAMERA_DEMAND, Demand.of("test-" + kind.name(), kind, 1).toJson());
    return camera;
  }

  private void keep(Frame frame) {
    while (!frames.offer(frame)) {
      frames.poll();
    }
  }

  /** The next frame published that matches {@code wanted}, waited for up to {@code timeout}. */
  Frame next(String what, Duration timeout, Predicate<Frame> wanted) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    try {
      while (true) {
        Frame frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (frame == null) {
          throw new AssertionError("no " + what + " within " + timeout.toSeconds() + " s (" + seen
              + " other frames came); camera state: " + state().encode());
        }
        if (wanted.test(frame)) {
          return frame;
        }
        seen++;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The next picture from the source itself, not the "no signal" one. */
  Frame nextReal(Duration timeout) {
    return next("picture from the source", timeout, frame -> !frame.placeholder());
  }

  /** The next "no signal" picture. */
  Frame nextNoSignal(Duration timeout) {
    return next("\"no signal\" picture", timeout, Frame::placeholder);
  }

  /** The camera's whole state, asked over the bus. */
  JsonObject state() {
    return Await.result(control.state(), ANSWER_SECONDS);
  }

  JsonObject awaitState(String what, Duration timeout, Predicate<JsonObject> done) {
    return Poll.until(timeout, what, this::state, done);
  }

  JsonObject awaitStatus(String status, Duration timeout) {
    return awaitState("camera status " + status, timeout, s -> status.equals(s.getString("status")));
  }

  /** Every state the camera published so far, in order. */
  List<JsonObject> published() {
    return new ArrayList<>(published);
  }

  /** Undeploys the camera, which stops its source (and any helper process). */
  @Override
  public void close() {
    if (deployment != null) {
      Await.result(vertx.undeploy(deployment), ANSWER_SECONDS);
      deployment = null;
    }
  }
}
