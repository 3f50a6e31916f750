package io.camstream.recording;

import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.camstream.capture.CameraConfig;
import io.camstream.capture.Frame;
import io.camstream.format.AviRepair;
import io.camstream.format.AviWriter;
import io.camstream.media.BadFileNameException;
import io.camstream.media.FileNames;
import io.camstream.media.MediaConfig;
import io.camstream.media.MediaDates;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the camera's frames into media/NAME.avi as they arrive, unchanged, and lists the
 * file when it is finished. Control on {@code camstream.recording.control}
 * ({@code start} with filename and date, {@code stop}, {@code get}); the whole state is
 * published on {@code camstream.recording.state} at every change. A worker verticle: every
 * frame is a file write.
 *
 * <p>While a part is written a hidden marker (.NAME.avi.recording) sits beside it; a marker
 * found at start-up means the server died mid-recording, and the file is repaired and listed.
 */
public final class RecordingVerticle extends VerticleBase {
  static final String HOLDER = "recording";
  private static final Logger LOG = LoggerFactory.getLogger(RecordingVerticle.class);

  private RecordingConfig config;
  private Path dir;
  private double cameraFps;
  private RetentionPolicy retention;

  private boolean recording;
  private String baseName;
  private String date;
  private long startedEpochMillis;
  private long firstCaptureNanos = -1;
  private long framesTotal;
  private long bytesFinished;
  private AviWriter writer;
  private int partNumber;
  private final List<String> parts = new ArrayList<>();
  private String lastStopReason;
  private String lastError;
  private JsonArray lastFiles = new JsonArray();
  private long diskTimer = -1;
  /** Longer camera outages are not filled: the recording simply continues after them. */
  private static final double MAX_FILLED_SECONDS = 5;
  private Frame previous;
  private long partFirstNanos;
  private long partDelivered;
  private double anchorIntervalNanos;
  private long anchorNanos;
  private long anchorIndex;
  private long framesRepeated;

  @Override
  public Future<?> start() {
    config = RecordingConfig.from(config());
    dir = MediaConfig.from(config()).dir();
    cameraFps = CameraConfig.from(config()).fps();
    retention = new RetentionPolicy(vertx, dir, config);
    vertx.eventBus().<JsonObject>consumer(Addresses.RECORDING_CONTROL, this::onControl);
    vertx.eventBus().<Frame>localConsumer(Addresses.FRAMES, m -> onFrame(m.body()));
    return repairUnfinished().onComplete(v -> retention.enforce(null));
  }

  @Override
  public Future<?> stop() {
    if (recording) {
      return finishRecording("server stopping");
    }
    return Future.succeededFuture();
  }

  private void onControl(Message<JsonObject> message) {
    JsonObject body = message.body() == null ? new JsonObject() : message.body();
    String action = body.getString("action", "get");
    switch (action) {
      case "get" -> message.reply(state());
      case "start" -> {
        try {
          startRecording(body.getString("filename"), body.getString("date"));
          message.reply(state());
        } catch (BadFileNameException e) {
          message.fail(400, e.getMessage());
        } catch (RecordingRefused e) {
          message.fail(e.code, e.getMessage());
        }
      }
      case "stop" -> {
        if (!recording) {
          message.reply(state());
          return;
        }
        finishRecording("requested").onComplete(ar -> message.reply(state()));
      }
      default -> message.fail(400, "unknown recording action \"" + action + "\"; use start, stop or get");
    }
  }

  private static final class RecordingRefused extends RuntimeException {
    final int code;

    RecordingRefused(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  private void startRecording(String filename, String requestedDate) {
    String name = FileNames.forNew(filename, ".avi");
    String itemDate = MediaDates.orToday(requestedDate);
    if (recording) {
      throw new RecordingRefused(409, "already recording to media/" + parts.get(0) + "; stop it first");
    }
    if (Files.exists(dir.resolve(name))) {
      throw new RecordingRefused(409, "media/" + name + " already exists; choose another filename or remove the old one first");
    }
    long free = freeBytes();
    if (free >= 0 && free < config.minFreeBytes()) {
      throw new RecordingRefused(507, "only " + free / (1024 * 1024) + " MB free in " + dir
          + "; recording needs at least " + config.minFreeBytes() / (1024 * 1024) + " MB (recording.minFreeMegabytes)");
    }
    recording = true;
    baseName = name.substring(0, name.length() - 4);
    date = itemDate;
    startedEpochMillis = System.currentTimeMillis();
    firstCaptureNanos = -1;
    framesTotal = 0;
    framesRepeated = 0;
    previous = null;
    bytesFinished = 0;
    partNumber = 0;
    parts.clear();
    parts.add(name);
    lastStopReason = null;
    lastError = null;
    lastFiles = new JsonArray();
    vertx.eventBus().send(Addresses.CAMERA_DEMAND, new JsonObject().put("holder", HOLDER).put("count", 1));
    diskTimer = vertx.setPeriodic(1000, id -> checkDisk());
    LOG.info("recording to media/{}", name);
    publishState();
  }

  private void onFrame(Frame frame) {
    if (!recording || frame.placeholder()) {
      return;
    }
    if (config.maxSeconds() > 0 && firstCaptureNanos >= 0
        && frame.captureNanos() - firstCaptureNanos >= config.maxSeconds() * 1_000_000_000L) {
      // this frame would make the recording longer than allowed
      finishRecording("maximum duration reached (recording.maxSeconds)");
      return;
    }
    try {
      if (writer == null || writer.width() != frame.width() || writer.height() != frame.height()
          || writer.bytes() + frame.jpegSize() + 32 > config.partBytes()) {
        openNextPart(frame);
      }
      fillGap(frame);
      writer.write(frame.jpeg(), frame.captureNanos());
      previous = frame;
      framesTotal++;
      if (firstCaptureNanos < 0) {
        firstCaptureNanos = frame.captureNanos();
      }
      if (framesTotal % 30 == 0) {
        publishState();
      }
    } catch (IOException e) {
      LOG.error("recording to {} failed: {}", writer == null ? dir : writer.path(), e.getMessage());
      lastError = "cannot write the recording (" + e.getMessage()
          + "); is the disk full, or the media folder not writable?";
      finishRecording("write error");
      return;
    }
    if (config.maxBytes() > 0 && bytesFinished + writer.bytes() >= config.maxBytes()) {
      finishRecording("maximum size reached (recording.maxMegabytes)");
    }
  }

  /**
   * An AVI has one constant frame rate, so frames the camera skipped (a stall, a busy CPU)
   * would make everything after them play early. Each frame's place on the timeline is
   * worked out from its capture time; when the file has fallen three or more frames behind
   * it, the previous picture is repeated to catch up. A lag of up to two frames is left
   * alone: a camera that delivers late frames in a burst (stamped late, none lost) must
   * not gain frames. The timeline runs at the configured rate unless the camera's average
   * rate over five seconds or more is clearly different (a camera slower than asked), then
   * at that average.
   */
  private void fillGap(Frame frame) throws IOException {
    if (previous == null || writer.frames() == 0 || previous.width() != frame.width()
        || previous.height() != frame.height()) {
      anchorIntervalNanos = 1e9 / cameraFps;
      anchorNanos = frame.captureNanos();
      anchorIndex = writer.frames();
      partFirstNanos = frame.captureNanos();
      partDelivered = 1;
      return;
    }
    partDelivered++;
    if (partDelivered > 5 * cameraFps) {
      double nominal = 1e9 / cameraFps;
      double measured = (frame.captureNanos() - partFirstNanos) / (double) (partDelivered - 1);
      double interval = Math.abs(measured - nominal) > 0.1 * nominal ? measured : nominal;
      if (Math.abs(interval - anchorIntervalNanos) > 0.05 * anchorIntervalNanos) {
        anchorIntervalNanos = interval;
        anchorNanos = previous.captureNanos();
        anchorIndex = writer.frames() - 1;
      }
    }
    long due = anchorIndex + Math.round((frame.captureNanos() - anchorNanos) / anchorIntervalNanos);
    long missing = due - writer.frames();
    if (missing < 3) {
      return;
    }
    missing = Math.min(missing, Math.round(MAX_FILLED_SECONDS * cameraFps));
    for (long k = 1; k <= missing; k++) {
      writer.write(previous.jpeg(), previous.captureNanos() + Math.round(k * anchorIntervalNanos));
      framesTotal++;
      framesRepeated++;
    }
  }

  /** Starts the first part, or the next one when the size limit of a part or the picture size is reached. */
  private void openNextPart(Frame frame) throws IOException {
    if (writer != null) {
      AviWriter done = writer;
      writer = null;
      bytesFinished += done.bytes();
      finishPart(done);
    }
    partNumber++;
    String name = partNumber == 1 ? baseName + ".avi" : nextFreePartName();
    if (partNumber > 1) {
      parts.add(name);
    }
    Path path = dir.resolve(name);
    Files.writeString(marker(name), new JsonObject().put("date", date).put("startedAt", Instant.now().toString()).encode(),
        StandardCharsets.UTF_8);
    writer = AviWriter.create(path, frame.width(), frame.height(), cameraFps);
  }

  private String nextFreePartName() {
    int n = partNumber;
    while (Files.exists(dir.resolve(baseName + "_part" + n + ".avi"))) {
      n++;
    }
    partNumber = n;
    return baseName + "_part" + n + ".avi";
  }

  private Future<Void> finishRecording(String reason) {
    if (!recording) {
      return Future.succeededFuture();
    }
    recording = false;
    lastStopReason = reason;
    if (diskTimer >= 0) {
      vertx.cancelTimer(diskTimer);
      diskTimer = -1;
    }
    vertx.eventBus().send(Addresses.CAMERA_DEMAND, new JsonObject().put("holder", HOLDER).put("count", 0));
    AviWriter done = writer;
    writer = null;
    previous = null;
    if (done == null && parts.size() == 1 && framesTotal == 0) {
      lastError = "no picture came from the camera, so nothing was saved (is the camera online?)";
    }
    Future<Void> finished = done == null ? Future.succeededFuture() : finishPart(done);
    if (done != null) {
      bytesFinished += done.bytes();
    }
    LOG.info("recording {} stopped ({}): {} frames", baseName, reason, framesTotal);
    return finished.onComplete(v -> {
      publishState();
      retention.enforce(null);
    });
  }

  /** Completes the file, lists it, then removes its marker. */
  private Future<Void> finishPart(AviWriter part) {
    String name = part.path().getFileName().toString();
    try {
      part.finish();
      part.close();
    } catch (IOException e) {
      lastError = "could not finish " + name + ": " + e.getMessage() + " (it is repaired at the next start)";
      LOG.error(lastError);
      return Future.succeededFuture();
    }
    lastFiles.add(name);
    return list(name, date, part).compose(v -> {
      try {
        Files.deleteIfExists(marker(name));
      } catch (IOException e) {
        LOG.warn("could not remove marker of {}: {}", name, e.getMessage());
      }
      return Future.<Void>succeededFuture();
    }, e -> {
      lastError = "could not list " + name + ": " + e.getMessage();
      LOG.error(lastError);
      return Future.succeededFuture();
    });
  }

  private Future<Void> list(String name, String itemDate, AviWriter part) {
    JsonObject add = new JsonObject().put("action", "add").put("filename", name).put("date", itemDate)
        .put("kind", "video").put("bytes", part.bytes()).put("width", part.width()).put("height", part.height())
        .put("durationMillis", part.durationMillis()).put("frames", (long) part.frames());
    return Control.of(vertx, Addresses.MEDIA_CONTROL).waitingForFileWork().send(add).mapEmpty();
  }

  private Path marker(String fileName) {
    return dir.resolve("." + fileName + ".recording");
  }

  private void checkDisk() {
    long free = freeBytes();
    if (recording && free >= 0 && free < config.minFreeBytes()) {
      finishRecording("disk almost full (recording.minFreeMegabytes)");
      return;
    }
    if (recording) {
      retention.enforce(writer == null ? null : writer.path().getFileName().toString());
    }
  }

  private long freeBytes() {
    try {
      return Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      return -1;
    }
  }

  /** Repairs and lists every recording a crash left unfinished. */
  private Future<Void> repairUnfinished() {
    List<Path> markers = new ArrayList<>();
    try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, ".*.avi.recording")) {
      found.forEach(markers::add);
    } catch (IOException e) {
      return Future.succeededFuture();
    }
    Future<Void> chain = Future.succeededFuture();
    for (Path marker : markers) {
      String markerName = marker.getFileName().toString();
      String name = markerName.substring(1, markerName.length() - ".recording".length());
      chain = chain.compose(v -> repairOne(marker, name));
    }
    return chain;
  }

  private Future<Void> repairOne(Path marker, String name) {
    Path file = dir.resolve(name);
    String itemDate;
    try {
      itemDate = new JsonObject(Files.readString(marker)).getString("date");
    } catch (IOException | RuntimeException e) {
      itemDate = null;
    }
    try {
      AviWriter repaired = Files.exists(file) ? AviRepair.repair(file, cameraFps) : null;
      if (repaired == null) {
        LOG.warn("unfinished recording {} held no whole frame; removed", name);
        Files.deleteIfExists(file);
        Files.deleteIfExists(marker);
        return Future.succeededFuture();
      }
      LOG.info("repaired unfinished recording {}: {} frames, {} s", name, repaired.frames(), repaired.durationMillis() / 1000.0);
      return list(name, MediaDates.orToday(itemDate), repaired)
          .compose(v -> {
            try {
              Files.deleteIfExists(marker);
            } catch (IOException e) {
              LOG.warn("could not remove marker {}: {}", marker, e.getMessage());
            }
            return Future.<Void>succeededFuture();
          }, e -> {
            LOG.error("could not list repaired recording {}: {}", name, e.getMessage());
            return Future.succeededFuture();
          });
    } catch (IOException e) {
      LOG.error("could not repair {}: {}", name, e.getMessage());
      return Future.succeededFuture();
    }
  }

  private JsonObject state() {
    JsonObject state = new JsonObject().put("recording", recording);
    if (recording) {
      state.put("filename", parts.get(0))
          .put("files", new JsonArray(new ArrayList<>(parts)))
          .put("startedAt", Instant.ofEpochMilli(startedEpochMillis).toString())
          .put("seconds", (System.currentTimeMillis() - startedEpochMillis) / 1000.0)
          .put("frames", framesTotal)
          .put("framesRepeated", framesRepeated)
          .put("bytes", bytesFinished + (writer == null ? 0 : writer.bytes()));
    } else {
      state.put("lastFiles", lastFiles.copy());
      if (lastStopReason != null) {
        state.put("lastStopReason", lastStopReason).put("lastFrames", framesTotal).put("lastFramesRepeated", framesRepeated);
      }
    }
    if (lastError != null) {
      state.put("lastError", lastError);
    }
    state.put("limits", new JsonObject().put("maxSeconds", config.maxSeconds()).put("maxBytes", config.maxBytes())
        .put("minFreeBytes", config.minFreeBytes()));
    return state;
  }

  private void publishState() {
    vertx.eventBus().publish(Addresses.RECORDING_STATE, state());
  }
}
