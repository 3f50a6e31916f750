package io.camstream.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.camstream.bus.Demand;
import io.camstream.config.CameraFile;
import io.camstream.config.ConfigLoader;
import io.camstream.testing.Await;
import io.camstream.testing.Poll;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Several cameras in one server: each on its own thread and addresses, added and removed alone. */
@ExtendWith(VertxExtension.class)
class CamerasVerticleTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String KILLED_MARK = "testsrc2=size=320x240:rate=24";
  private static final String FROZEN_MARK = "testsrc2=size=320x240:rate=26";
  /**
   * The watched camera's rate is measured over this many pictures (4 s at its 25 fps), before
   * and after the others fail; they must come within the deadline (4 fps on a busy machine).
   */
  private static final int WINDOW = 100;
  private static final Duration DEADLINE = Duration.ofSeconds(25);

  @TempDir
  Path dir;

  private static String ffmpeg(String mark) {
    return "pipe:ffmpeg -hide_banner -loglevel error -re -f lavfi -i " + mark + " -c:v mjpeg -q:v 5 -f mjpeg -";
  }

  /** Counts each camera's real pictures (not "no signal") from its own frames address. */
  private static final class Counted {
    final Map<String, AtomicLong> real = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> noSignal = new ConcurrentHashMap<>();

    void follow(Vertx vertx, String id) {
      real.put(id, new AtomicLong());
      noSignal.put(id, new AtomicLong());
      Await.result(vertx.eventBus().<Frame>localConsumer(Addresses.frames(id),
          m -> (m.body().placeholder() ? noSignal : real).get(id).incrementAndGet()).completion());
    }

    /** Frames per second of camera {@code id} over its next {@code count} pictures, which must come within the deadline. */
    double rate(String id, int count) {
      long before = real.get(id).get();
      long start = System.nanoTime();
      Poll.until(DEADLINE, count + " more pictures from " + id, () -> real.get(id).get() >= before + count);
      return (real.get(id).get() - before) / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static JsonObject config(Map<String, String> settings) {
    return ConfigLoader.load(null, Map.of(), settings);
  }

  private static String deploy(Vertx vertx, JsonObject config, CameraFile file) {
    try {
      vertx.eventBus().registerDefaultCodec(Frame.class, new FrameCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // registered by an earlier deployment on this Vert.x
    }
    return Await.result(vertx.deployVerticle(new CamerasVerticle(file, "no file in this test"),
        new DeploymentOptions().setConfig(config)), 90);
  }

  private static void hold(Vertx vertx, String id) {
    vertx.eventBus().send(Addresses.cameraDemand(id), Demand.of("test-" + id, Demand.Kind.VIEWER, 1).toJson());
  }

  private static JsonObject awaitStatus(Vertx vertx, String id, String status) {
    Control camera = Control.of(vertx, Addresses.cameraControl(id));
    return Poll.until(WAIT, "camera " + id + " " + status, () -> Await.result(camera.state()),
        s -> status.equals(s.getString("status")));
  }

  @Test
  void aKilledAndAFrozenCameraLeaveTheWatchedOnesFrameRateAlone(Vertx vertx) throws Exception {
    Counted frames = new Counted();
    for (String id : List.of("watched", "killed", "frozen")) {
      frames.follow(vertx, id);
    }
    deploy(vertx, config(Map.of("camera.width", "320", "camera.height", "240", "camera.fps", "25",
        "camera.retryInitialMillis", "200",
        "cameras.watched.source", "test", "cameras.killed.source", ffmpeg(KILLED_MARK),
        "cameras.frozen.source", ffmpeg(FROZEN_MARK))), null);
    Optional<ProcessHandle> frozen = Optional.empty();
    try {
      for (String id : List.of("watched", "killed", "frozen")) {
        hold(vertx, id);
      }
      for (String id : List.of("watched", "killed", "frozen")) {
        awaitStatus(vertx, id, "streaming");
      }
      Poll.until(WAIT, "pictures from every camera", () -> frames.real.values().stream().allMatch(n -> n.get() > 10));
      double before = frames.rate("watched", WINDOW);

      ProcessHandle killed = ffmpegWith(KILLED_MARK).orElseThrow();
      frozen = ffmpegWith(FROZEN_MARK);
      signal("STOP", frozen.orElseThrow().pid());
      killed.destroyForcibly();
      long killedFrames = frames.real.get("killed").get();
      long frozenFrames = frames.real.get("frozen").get();
      double after = frames.rate("watched", WINDOW);

      assertThat(frames.real.get("frozen").get() - frozenFrames).as("the frozen camera sent (almost) nothing")
          .isLessThan(5);
      assertThat(frames.noSignal.get("killed").get()).as("the killed camera shows \"no signal\"").isPositive();
      assertThat(after).as("the watched camera's rate (%.1f fps before) while the others failed", before)
          .isGreaterThan(Math.max(8, before * 0.5));
      Poll.until(WAIT, "the killed camera back with a new ffmpeg", () -> frames.real.get("killed").get() > killedFrames + 5);
      assertThat(awaitStatus(vertx, "killed", "streaming").getLong("restarts")).isGreaterThanOrEqualTo(1);
    } finally {
      frozen.ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void theDefaultCameraAlsoAnswersTheAddressesWithoutAnId(Vertx vertx) {
    Counted frames = new Counted();
    frames.follow(vertx, "yard");
    AtomicLong unnamed = new AtomicLong();
    Await.result(vertx.eventBus().<Frame>localConsumer(Addresses.FRAMES, m -> unnamed.incrementAndGet()).completion());
    Map<String, String> settings = new LinkedHashMap<>(Map.of("camera.width", "160", "camera.height", "120"));
    // in this order: the first camera is the default one
    settings.put("cameras.yard.source", "test");
    settings.put("cameras.door.source", "test");
    deploy(vertx, config(settings), null);
    vertx.eventBus().send(Addresses.CAMERA_DEMAND, Demand.of("old-page", Demand.Kind.VIEWER, 1).toJson());
    assertThat(awaitStatus(vertx, "yard", "streaming").getString("camera")).isEqualTo("yard");
    assertThat(Await.result(Control.of(vertx, Addresses.CAMERA_CONTROL).state()).getString("camera")).isEqualTo("yard");
    assertThat(Await.result(Control.of(vertx, Addresses.cameraControl("door")).state()).getString("status"))
        .as("nobody asked for door").isEqualTo("idle");
    Poll.until(WAIT, "frames on both of yard's addresses", () -> unnamed.get() > 3 && frames.real.get("yard").get() > 3);
    JsonArray listed = Await.result(Control.of(vertx, Addresses.CAMERAS_CONTROL).state()).getJsonArray("cameras");
    assertThat(listed.getJsonObject(0).getString("id")).isEqualTo("yard");
    assertThat(listed.getJsonObject(0).getBoolean("default")).isTrue();
    assertThat(listed.getJsonObject(1).getBoolean("default")).isFalse();
  }

  @Test
  void aCameraIsAddedAndRemovedAtRunTimeWithoutTouchingTheOthersAndWrittenBack(Vertx vertx) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "// mine\n{ \"cameras\": [ { \"id\": \"yard\", \"source\": \"test\" } ] }\n");
    deploy(vertx, ConfigLoader.load(file, Map.of(), Map.of("camera.width", "160", "camera.height", "120")),
        new CameraFile(file));
    hold(vertx, "yard");
    awaitStatus(vertx, "yard", "streaming");
    Control cameras = Control.of(vertx, Addresses.CAMERAS_CONTROL);

    JsonObject added = Await.result(cameras.send(new JsonObject().put("action", "add")
        .put("camera", new JsonObject().put("id", "door").put("name", "Front door").put("source", "test"))));
    assertThat(added.getJsonObject("saved").getBoolean("written")).isTrue();
    assertThat(added.getJsonArray("cameras").stream().map(c -> ((JsonObject) c).getString("id")))
        .containsExactly("yard", "door");
    long yardBefore = Await.result(Control.of(vertx, Addresses.cameraControl("yard")).state())
        .getJsonObject("frames").getLong("captured");
    hold(vertx, "door");
    awaitStatus(vertx, "door", "streaming");
    assertThat(ConfigLoader.load(file, Map.of(), Map.of()).getJsonArray("cameras").getJsonObject(1).getString("name"))
        .isEqualTo("Front door");
    assertThat(Files.readString(file)).contains("// mine");

    assertRefused(cameras.send(new JsonObject().put("action", "add")
        .put("camera", new JsonObject().put("id", "Door").put("source", "test"))), 409, "already a camera \"door\"");
    assertRefused(cameras.send(new JsonObject().put("action", "add")
        .put("camera", new JsonObject().put("id", "back door").put("source", "test"))), 400, "letters, digits, - and _");
    assertRefused(cameras.send(new JsonObject().put("action", "add")
        .put("camera", new JsonObject().put("id", "back").put("source", "tset"))), 400, "cameras.back.source");
    assertRefused(cameras.send(new JsonObject().put("action", "remove").put("id", "garage")), 404, "yard, door");
    assertRefused(cameras.send(new JsonObject().put("action", "remove").put("id", "yard")), 409, "default camera");

    JsonObject removed = Await.result(cameras.send(new JsonObject().put("action", "remove").put("id", "door")));
    assertThat(removed.getJsonArray("cameras").size()).isEqualTo(1);
    assertThat(ConfigLoader.load(file, Map.of(), Map.of()).getJsonArray("cameras").size()).isEqualTo(1);
    assertThatThrownBy(() -> Await.result(Control.of(vertx, Addresses.cameraControl("door")).state()))
        .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureType()).isEqualTo(ReplyFailure.NO_HANDLERS));
    JsonObject yard = Await.result(Control.of(vertx, Addresses.cameraControl("yard")).state());
    assertThat(yard.getString("status")).as("yard kept streaming through both changes").isEqualTo("streaming");
    assertThat(yard.getJsonObject("frames").getLong("captured")).as("yard was never restarted")
        .isGreaterThan(yardBefore);
    assertThat(yard.getLong("restarts")).isZero();
  }

  private static void assertRefused(io.vertx.core.Future<JsonObject> reply, int code, String message) {
    assertThatThrownBy(() -> Await.result(reply)).isInstanceOfSatisfying(ReplyException.class, e -> {
      assertThat(e.failureCode()).isEqualTo(code);
      assertThat(e.getMessage()).contains(message);
    });
  }

  private static Optional<ProcessHandle> ffmpegWith(String mark) {
    return ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("").contains(mark)
        && p.info().command().orElse("").endsWith("ffmpeg")).findFirst();
  }

  private static void signal(String name, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).inheritIO().start();
    assertThat(kill.waitFor()).as("kill -%s %d", name, pid).isZero();
  }
}
