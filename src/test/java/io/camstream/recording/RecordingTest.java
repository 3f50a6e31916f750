package io.camstream.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_OPENCV_MJPEG;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FPS;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FRAME_COUNT;

import io.camstream.bus.Addresses;
import io.camstream.bus.Demand;
import io.camstream.capture.Frame;
import io.camstream.capture.FrameCodec;
import io.camstream.config.ConfigLoader;
import io.camstream.media.MediaVerticle;
import io.camstream.testing.Await;
import io.camstream.testing.Poll;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_videoio.VideoCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real recording and media verticles, fed frames on the bus with the capture times of
 * a camera at a known rate, read back by OpenCV and ffprobe.
 */
class RecordingTest {
  private static final int WIDTH = 320;
  private static final int HEIGHT = 240;
  @TempDir
  Path media;
  private Vertx vertx;
  private final List<JsonObject> demand = new CopyOnWriteArrayList<>();
  private final List<JsonObject> events = new CopyOnWriteArrayList<>();
  private final SyntheticFrames frames = new SyntheticFrames(30, WIDTH, HEIGHT);

  private void start(Map<String, String> settings) throws Exception {
    Map<String, String> all = new java.util.HashMap<>(settings);
    all.put("media.dir", media.toString());
    all.putIfAbsent("recording.minFreeMegabytes", "0");
    JsonObject config = ConfigLoader.load(null, Map.of(), all);
    vertx = Vertx.vertx();
    vertx.eventBus().registerDefaultCodec(Frame.class, new FrameCodec());
    vertx.eventBus().<JsonObject>consumer(Addresses.CAMERA_DEMAND, m -> demand.add(m.body()));
    vertx.eventBus().<JsonObject>consumer(Addresses.MEDIA_EVENTS, m -> events.add(m.body()));
    DeploymentOptions worker = new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setConfig(config);
    await(vertx.deployVerticle(new MediaVerticle(), worker));
    await(vertx.deployVerticle(new RecordingVerticle(), worker));
  }

  @AfterEach
  void close() throws Exception {
    if (vertx != null) {
      await(vertx.close());
    }
  }

  @Test
  void aMinuteAtThirtyFpsReadsBackAsEighteenHundredFramesAndSixtySeconds() throws Exception {
    start(Map.of());
    JsonObject started = control(new JsonObject().put("action", "start").put("filename", "minute clip"));
    assertThat(started.getBoolean("recording")).isTrue();
    assertThat(demand).contains(Demand.of("recording", Demand.Kind.RECORDING, 1).toJson());

    long heapAfterWarmUp = 0;
    long t0 = System.nanoTime();
    for (int n = 0; n < 1800; n++) {
      publish(frames.frame(n, 30, t0, WIDTH, HEIGHT));
      if (n % 100 == 99) {
        waitForFrames(n + 1);
      }
      if (n == 299) {
        heapAfterWarmUp = usedHeapAfterGc();
      }
    }
    waitForFrames(1800);
    long heapAtEnd = usedHeapAfterGc();
    assertThat(heapAtEnd - heapAfterWarmUp).as("heap growth over 1500 frames (about 22 MB of JPEG)")
        .isLessThan(8L * 1024 * 1024);

    JsonObject stopped = control(new JsonObject().put("action", "stop"));
    assertThat(stopped.getBoolean("recording")).isFalse();
    assertThat(stopped.getJsonArray("lastFiles")).containsExactly("minute_clip.avi");
    assertThat(demand.get(demand.size() - 1)).isEqualTo(Demand.of("recording", Demand.Kind.RECORDING, 0).toJson());

    Path file = media.resolve("minute_clip.avi");
    try (VideoCapture capture = new VideoCapture(file.toString(), CAP_OPENCV_MJPEG)) {
      assertThat(capture.isOpened()).isTrue();
      double count = capture.get(CAP_PROP_FRAME_COUNT);
      double fps = capture.get(CAP_PROP_FPS);
      assertThat(count).isCloseTo(1800, within(2.0));
      assertThat(count / fps).isCloseTo(60, within(0.5));
      int decoded = 0;
      try (Mat picture = new Mat()) {
        while (capture.read(picture) && !picture.empty()) {
          assertThat(picture.cols()).isEqualTo(WIDTH);
          decoded++;
        }
      }
      assertThat(decoded).isCloseTo(1800, within(2));
    }
    assertThat(ffprobe(file, "nb_read_packets")).isCloseTo(1800, within(2.0));
    assertThat(ffprobe(file, "duration")).isCloseTo(60, within(0.5));

    JsonObject item = mediaRequest(new JsonObject().put("action", "get").put("filename", "minute_clip.avi"));
    assertThat(item.getLong("frames")).isEqualTo(1800);
    assertThat(item.getDouble("durationSeconds")).isCloseTo(60, within(0.5));
    assertThat(item.getLong("bytes")).isEqualTo(Files.size(file));
    assertThat(events).anyMatch(e -> e.getString("event").equals("added"));
    try (var left = Files.list(media)) {
      assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".") && n.endsWith(".recording")))
          .as("no crash marker after a clean stop").isEmpty();
    }
  }

  @Test
  void aLongRecordingRollsIntoPartsThatAreEachComplete() throws Exception {
    start(Map.of("recording.partMegabytes", "1"));
    control(new JsonObject().put("action", "start").put("filename", "long"));
    long t0 = System.nanoTime();
    int total = 600;
    for (int n = 0; n < total; n++) {
      publish(frames.frame(n, 30, t0, WIDTH, HEIGHT));
    }
    waitForFrames(total);
    JsonObject stopped = control(new JsonObject().put("action", "stop"));
    JsonArray files = stopped.getJsonArray("lastFiles");
    assertThat(files.size()).isGreaterThan(1);
    assertThat(files.getString(0)).isEqualTo("long.avi");
    assertThat(files.getString(1)).isEqualTo("long_part2.avi");
    double frameSum = 0;
    for (Object name : files) {
      Path part = media.resolve((String) name);
      assertThat(Files.size(part)).isLessThanOrEqualTo(1024 * 1024);
      try (VideoCapture capture = new VideoCapture(part.toString(), CAP_OPENCV_MJPEG)) {
        frameSum += capture.get(CAP_PROP_FRAME_COUNT);
        assertThat(capture.get(CAP_PROP_FPS)).isCloseTo(30, within(0.1));
      }
    }
    assertThat(frameSum).isEqualTo(total);
    JsonArray listed = mediaRequest(new JsonObject().put("action", "list")).getJsonArray("items");
    assertThat(listed.size()).isEqualTo(files.size());
  }

  @Test
  void framesTheCameraSkippedAreRepeatedSoTheTimelineStaysTrue() throws Exception {
    start(Map.of());
    control(new JsonObject().put("action", "start").put("filename", "stall"));
    long t0 = System.nanoTime();
    for (int n = 0; n < 90; n++) {
      if (n < 30 || n > 34) {
        publish(frames.frame(n, 30, t0, WIDTH, HEIGHT));
      }
    }
    waitForFrames(90);
    JsonObject stopped = control(new JsonObject().put("action", "stop"));
    assertThat(stopped.getLong("lastFramesRepeated")).isEqualTo(5);
    try (VideoCapture capture = new VideoCapture(media.resolve("stall.avi").toString(), CAP_OPENCV_MJPEG)) {
      assertThat(capture.get(CAP_PROP_FRAME_COUNT)).isEqualTo(90);
      assertThat(capture.get(CAP_PROP_FRAME_COUNT) / capture.get(CAP_PROP_FPS)).isCloseTo(3.0, within(0.01));
    }
  }

  @Test
  void afterATenMinuteOutageFiveSecondsAreRepeatedAndThePartKeepsTheCamerasRate() throws Exception {
    start(Map.of());
    control(new JsonObject().put("action", "start").put("filename", "outage"));
    long t0 = System.nanoTime();
    for (int n = 0; n < 30; n++) {
      publish(frames.frame(n, 30, t0, WIDTH, HEIGHT));
    }
    // the camera is gone for ten minutes (18,000 frames at 30 fps), then delivers two seconds
    for (int n = 18_030; n < 18_090; n++) {
      publish(frames.frame(n, 30, t0, WIDTH, HEIGHT));
    }
    waitForFrames(30 + 150 + 60);
    JsonObject stopped = control(new JsonObject().put("action", "stop"));
    assertThat(stopped.getLong("lastFramesRepeated")).isEqualTo(150);
    assertThat(stopped.getLong("lastFrames")).isEqualTo(240);
    // ten minutes less the five seconds filled: the state says what the file does not hold
    assertThat(stopped.getDouble("lastSecondsLeftOut")).isCloseTo(595.0, within(0.05));
    Path file = media.resolve("outage.avi");
    try (VideoCapture capture = new VideoCapture(file.toString(), CAP_OPENCV_MJPEG)) {
      assertThat(capture.get(CAP_PROP_FRAME_COUNT)).isEqualTo(240);
      assertThat(capture.get(CAP_PROP_FPS)).as("the outage left out, not stretched over").isCloseTo(30, within(0.1));
    }
    assertThat(ffprobe(file, "duration")).isCloseTo(8.0, within(0.05));
  }

  @Test
  void aStallNearThePartLimitStartsTheNextPartSoNoPartPassesIt() throws Exception {
    long limit = 1024 * 1024;
    int before = 400;
    int after = 60;
    long bytesBefore = 0;
    for (int n = 0; n < before; n++) {
      bytesBefore += frames.jpegs.get(n % frames.jpegs.size()).length;
    }
    int smallest = frames.jpegs.stream().mapToInt(j -> j.length).min().orElseThrow();
    assertThat(bytesBefore).as("the first part has room for the frames before the stall").isLessThan(limit - 64 * 1024);
    assertThat(bytesBefore + 150L * smallest).as("but not for the stall's five seconds of repeats").isGreaterThan(limit);

    start(Map.of("recording.partMegabytes", "1"));
    control(new JsonObject().put("action", "start").put("filename", "stalled"));
    long t0 = System.nanoTime();
    for (int n = 0; n < before; n++) {
      publish(frames.frame(n, 30, t0, WIDTH, HEIGHT));
    }
    // a five-second stall (150 frames lost), then two more seconds
    for (int n = before + 150; n < before + 150 + after; n++) {
      publish(frames.frame(n, 30, t0, WIDTH, HEIGHT));
    }
    waitForFrames(before + 150 + after);
    JsonObject stopped = control(new JsonObject().put("action", "stop"));
    assertThat(stopped.getLong("lastFramesRepeated")).isEqualTo(150);
    assertThat(stopped.getJsonArray("lastFiles")).containsExactly("stalled.avi", "stalled_part2.avi");
    double[] counts = new double[2];
    for (int i = 0; i < 2; i++) {
      Path part = media.resolve(stopped.getJsonArray("lastFiles").getString(i));
      assertThat(Files.size(part)).as(part.getFileName().toString()).isLessThanOrEqualTo(limit);
      try (VideoCapture capture = new VideoCapture(part.toString(), CAP_OPENCV_MJPEG)) {
        counts[i] = capture.get(CAP_PROP_FRAME_COUNT);
        assertThat(capture.get(CAP_PROP_FPS)).isCloseTo(30, within(0.1));
      }
    }
    assertThat(counts).as("the repeats go with the frame after the stall into the next part")
        .containsExactly(before, 150 + after);
  }

  @Test
  void aStallLongerThanAWholePartFillsPartsThatEachStayWithinTheLimit() throws Exception {
    long limit = 1024 * 1024;
    SyntheticFrames large = new SyntheticFrames(2, 1920, 1080);
    int smallest = large.jpegs.stream().mapToInt(j -> j.length).min().orElseThrow();
    assertThat(150L * smallest).as("five seconds of repeats are more than a part").isGreaterThan(2 * limit);

    start(Map.of("recording.partMegabytes", "1"));
    control(new JsonObject().put("action", "start").put("filename", "big"));
    long t0 = System.nanoTime();
    for (int n = 0; n < 20; n++) {
      publish(large.frame(n, 30, t0, 1920, 1080));
    }
    for (int n = 170; n < 190; n++) {
      publish(large.frame(n, 30, t0, 1920, 1080));
    }
    waitForFrames(190);
    JsonObject stopped = control(new JsonObject().put("action", "stop"));
    assertThat(stopped.getLong("lastFramesRepeated")).isEqualTo(150);
    JsonArray files = stopped.getJsonArray("lastFiles");
    assertThat(files.size()).isGreaterThan(2);
    double frameSum = 0;
    for (Object name : files) {
      Path part = media.resolve((String) name);
      assertThat(Files.size(part)).as((String) name).isLessThanOrEqualTo(limit);
      try (VideoCapture capture = new VideoCapture(part.toString(), CAP_OPENCV_MJPEG)) {
        assertThat(capture.get(CAP_PROP_FRAME_COUNT)).as((String) name).isPositive();
        frameSum += capture.get(CAP_PROP_FRAME_COUNT);
      }
    }
    assertThat(frameSum).isEqualTo(190);
  }

  @Test
  void limitsStopARecordingAndAFullDiskRefusesOne() throws Exception {
    start(Map.of("recording.maxSeconds", "2"));
    control(new JsonObject().put("action", "start").put("filename", "short"));
    long t0 = System.nanoTime();
    for (int n = 0; n < 120; n++) {
      publish(frames.frame(n, 30, t0, WIDTH, HEIGHT));
    }
    JsonObject state = pollState(s -> !s.getBoolean("recording"));
    assertThat(state.getString("lastStopReason")).contains("maxSeconds");
    try (VideoCapture capture = new VideoCapture(media.resolve("short.avi").toString(), CAP_OPENCV_MJPEG)) {
      assertThat(capture.get(CAP_PROP_FRAME_COUNT)).isEqualTo(60);
    }
    await(vertx.close());

    start(Map.of("recording.minFreeMegabytes", String.valueOf(1L << 39)));
    Throwable refused = vertx.eventBus().request(Addresses.RECORDING_CONTROL,
        new JsonObject().put("action", "start").put("filename", "x")).toCompletionStage().toCompletableFuture()
        .handle((ok, e) -> e).get(10, TimeUnit.SECONDS);
    Throwable cause = refused instanceof java.util.concurrent.CompletionException ? refused.getCause() : refused;
    assertThat(cause).isInstanceOf(io.vertx.core.eventbus.ReplyException.class).hasMessageContaining("minFreeMegabytes");
    assertThat(((io.vertx.core.eventbus.ReplyException) cause).failureCode()).isEqualTo(507);
    assertThat(media.resolve("x.avi")).doesNotExist();
  }

  @Test
  void theStorageCapRemovesTheOldestRecordingsFirst() throws Exception {
    start(Map.of("recording.storageCapMegabytes", "1"));
    long t0 = System.nanoTime();
    for (String name : List.of("first", "second", "third")) {
      control(new JsonObject().put("action", "start").put("filename", name));
      // about 450 KB each: the third one takes media/ over the 1 MB cap
      for (int n = 0; n < 200; n++) {
        publish(frames.frame(n, 30, t0, WIDTH, HEIGHT));
      }
      waitForFrames(200);
      control(new JsonObject().put("action", "stop"));
    }
    JsonObject listed = pollMedia(l -> l.getJsonArray("items").size() < 3);
    assertThat(media.resolve("first.avi")).doesNotExist();
    assertThat(media.resolve("third.avi")).exists();
    assertThat(listed.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("filename")))
        .doesNotContain("first.avi").contains("third.avi");
    assertThat(events).anyMatch(e -> e.getString("event").equals("removed") && "retention".equals(e.getString("reason"))
        && e.getJsonObject("item").getString("filename").equals("first.avi"));
  }

  private void publish(Frame frame) {
    vertx.eventBus().publish(Addresses.FRAMES, frame);
  }

  private void waitForFrames(long count) throws Exception {
    pollState(s -> s.getLong("frames", s.getLong("lastFrames", -1L)) >= count);
  }

  private JsonObject pollState(java.util.function.Predicate<JsonObject> done) {
    return Poll.until(Duration.ofSeconds(60), "the recording state", () -> control(new JsonObject().put("action", "get")),
        done);
  }

  private JsonObject pollMedia(java.util.function.Predicate<JsonObject> done) {
    return Poll.until(Duration.ofSeconds(30), "the media list", () -> mediaRequest(new JsonObject().put("action", "list")),
        done);
  }

  private JsonObject control(JsonObject body) {
    return await(vertx.eventBus().<JsonObject>request(Addresses.RECORDING_CONTROL, body)).body();
  }

  private JsonObject mediaRequest(JsonObject body) {
    return await(vertx.eventBus().<JsonObject>request(Addresses.MEDIA_CONTROL, body)).body();
  }

  private static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    // G1's System.gc() is a full collection that returns when done: nothing to wait for
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  static double ffprobe(Path file, String field) throws IOException, InterruptedException {
    assertThat(Files.isExecutable(Path.of("/usr/bin/ffprobe")))
        .as("ffprobe (Debian package ffmpeg) is needed; run bash .ci/run, which installs it").isTrue();
    Process process = new ProcessBuilder("ffprobe", "-v", "error", "-count_packets", "-select_streams", "v:0",
        "-show_entries", "stream=" + field, "-of", "default=noprint_wrappers=1:nokey=1", file.toString())
        .redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes()).trim();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return Double.parseDouble(out.lines().findFirst().orElseThrow());
  }

  private static <T> T await(Future<T> future) {
    return Await.result(future);
  }
}
