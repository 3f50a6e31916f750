package io.camstream.recording;

import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.camstream.bus.Demand;
import io.camstream.bus.Timers;
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
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the camera's frames into media/NAME.avi as they arrive, unchanged, and lists the
 * file when it is finished. Control on {@code camstream.recording.control}
 * ({@code start} with filename and date, {@code stop}, {@code get}); the whole state is
 * published on {@code camstream.recording.state} at every change. A worker verticle: every
 * frame is a file write.
 *
 * <p>This class is the protocol: control, camera demand, limits and state. Where frames go
 * is {@link Timeline}'s job, the files are {@link PartWriter}'s, and what a crash left
 * behind is {@link CrashRepair}'s, found and listed at start-up.
 */
public final class RecordingVerticle extends VerticleBase {
  static final String HOLDER = "recording";
  private static final Logger LOG = LoggerFactory.getLogger(RecordingVerticle.class);
  /**
   * The files the recorders of this JVM are writing: two cameras asked for the same name at
   * the same moment would both find it free on the disk.
   */
  private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();
  /**
   * What each camera's recorder keeps from the storage cap (the recording being made or just
   * finished), by media folder: the cap counts every camera's files, so every recorder keeps
   * what the others keep.
   */
  private static final Map<Path, Map<String, Set<String>>> KEPT = new ConcurrentHashMap<>();

  private final String camera;
  private final boolean primary;
  private final Double fps;
  private final String framesAddress;
  private final String demandAddress;
  private Path claimed;

  private RecordingConfig config;
  private Path dir;
  private double cameraFps;
  private RetentionPolicy retention;

  private boolean recording;
  private PartWriter parts;
  private Timeline timeline;
  private Frame previous;
  private long startedEpochMillis;
  private long firstCaptureNanos = -1;
  private long framesTotal;
  private long framesRepeated;
  /** Outage time left out of this recording's files by timelines already replaced (a new picture size). */
  private long leftOutNanosBefore;
  private String lastStopReason;
  private String lastError;
  private JsonArray lastFiles = new JsonArray();
  /** What the storage cap kept although over it; null while media/ is within the cap. */
  private JsonObject storageCap;
  private final Set<String> repairedAtStart = new HashSet<>();
  private Timers timers;
  private long diskTimer = -1;
  /** Subscribed to the camera's frames while recording only, so an idle recorder costs no frame deliveries. */
  private MessageConsumer<Frame> frames;

  /** The recorder of the default camera, at the camera section's rate. */
  public RecordingVerticle() {
    this("default", true, null);
  }

  /**
   * @param camera the id of the camera it records, part of its addresses and of its media rows
   * @param primary the default camera's recorder: it also answers on the addresses without an id,
   *     and repairs what a crash left unfinished, once for every camera, before any other starts
   * @param fps the camera's frame rate, or null for the camera section's
   */
  public RecordingVerticle(String camera, boolean primary, Double fps) {
    this.camera = camera;
    this.primary = primary;
    this.fps = fps;
    this.framesAddress = primary ? Addresses.FRAMES : Addresses.frames(camera);
    this.demandAddress = primary ? Addresses.CAMERA_DEMAND : Addresses.cameraDemand(camera);
  }

  @Override
  public Future<?> start() {
    config = RecordingConfig.from(config());
    dir = MediaConfig.from(config()).dir();
    cameraFps = fps != null ? fps : CameraConfig.from(config()).fps();
    retention = new RetentionPolicy(vertx, dir, config, this::storageCapChecked);
    timers = new Timers(vertx);
    // local: on a clustered bus a plain consumer would also take other members' requests for their own camera
    Future<Void> own = vertx.eventBus().<JsonObject>localConsumer(Addresses.recordingControl(camera), this::onControl)
        .completion();
    Future<Void> unnamed = primary
        ? vertx.eventBus().<JsonObject>localConsumer(Addresses.RECORDING_CONTROL, this::onControl).completion()
        : Future.succeededFuture();
    if (!primary) {
      return Future.join(own, unnamed);
    }
    return Future.join(own, unnamed).compose(v -> listRepaired()).onComplete(v -> enforceCap(repairedAtStart));
  }

  @Override
  public Future<?> stop() {
    Future<Void> finished = recording ? finishRecording("server stopping") : Future.succeededFuture();
    return finished.onComplete(v -> {
      timers.cancelAll();
      KEPT.getOrDefault(dir.toAbsolutePath(), new ConcurrentHashMap<>()).remove(camera);
    });
  }

  private void onControl(Message<JsonObject> message) {
    JsonObject body = message.body() == null ? new JsonObject() : message.body();
    String action = body.getString("action", "get");
    switch (action) {
      case "get" -> message.reply(state());
      case "start" -> {
        try {
          startRecording(body.getString("filename"), body.getString("date"))
              .onComplete(subscribed -> message.reply(state()));
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

  /** Starts a recording; the future completes once frames are subscribed, so none sent after the reply is missed. */
  private Future<Void> startRecording(String filename, String requestedDate) {
    String name = FileNames.forNew(filename, ".avi");
    String itemDate = MediaDates.orToday(requestedDate);
    if (recording) {
      throw new RecordingRefused(409, "already recording to media/" + parts.names().get(0) + "; stop it first");
    }
    Path file = dir.resolve(name).toAbsolutePath();
    if (Files.exists(file) || !WRITING.add(file)) {
      throw new RecordingRefused(409, "media/" + name + " already exists; choose another filename or remove the old one first");
    }
    long free = freeBytes();
    if (free >= 0 && free < config.minFreeBytes()) {
      WRITING.remove(file);
      throw new RecordingRefused(507, "only " + free / (1024 * 1024) + " MB free in " + dir
          + "; recording needs at least " + config.minFreeBytes() / (1024 * 1024) + " MB (recording.minFreeMegabytes)");
    }
    recording = true;
    claimed = file;
    parts = new PartWriter(dir, name, itemDate, cameraFps, config.partBytes());
    previous = null;
    startedEpochMillis = System.currentTimeMillis();
    firstCaptureNanos = -1;
    framesTotal = 0;
    framesRepeated = 0;
    leftOutNanosBefore = 0;
    timeline = null;
    lastStopReason = null;
    lastError = null;
    lastFiles = new JsonArray();
    frames = vertx.eventBus().localConsumer(framesAddress, m -> onFrame(m.body()));
    vertx.eventBus().send(demandAddress, Demand.of(HOLDER, Demand.Kind.RECORDING, 1).toJson());
    diskTimer = timers.every(1000, id -> checkDisk());
    LOG.info("camera {} recording to media/{}", camera, name);
    publishState();
    return frames.completion();
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
      if (!parts.holds(frame.width(), frame.height())) {
        // the first frame or a new picture size: the previous picture cannot be repeated in this part
        startPart(frame.width(), frame.height());
        leftOutNanosBefore += timeline == null ? 0 : timeline.leftOutNanos();
        timeline = new Timeline(cameraFps);
      }
      Timeline.Placement placement = timeline.place(frame.captureNanos());
      if (placement.leftOut()) {
        previous = frame;
        return;
      }
      long[] repeats = placement.repeatNanos();
      long repeatBytes = repeats.length == 0 ? 0 : repeats.length * (long) previous.jpegSize();
      if (!parts.fits(repeatBytes + frame.jpegSize(), repeats.length + 1)) {
        // a stall's repeats go into the next part with the frame after them; the timeline runs on there
        startPart(frame.width(), frame.height());
      }
      for (long repeatNanos : repeats) {
        write(previous, repeatNanos);
        framesRepeated++;
      }
      write(frame, placement.frameNanos());
      previous = frame;
      if (firstCaptureNanos < 0) {
        firstCaptureNanos = frame.captureNanos();
      }
      if (framesTotal % 30 == 0) {
        publishState();
      }
    } catch (IOException e) {
      String part = parts.currentName();
      LOG.error("recording to {} failed: {}", part == null ? dir : dir.resolve(part), e.getMessage());
      lastError = "cannot write the recording (" + e.getMessage()
          + "); is the disk full, or the media folder not writable?";
      finishRecording("write error");
      return;
    }
    if (config.maxBytes() > 0 && parts.bytes() >= config.maxBytes()) {
      finishRecording("maximum size reached (recording.maxMegabytes)");
    }
  }

  /** Writes one picture; the part is full here only when a stall's repeats are more than a whole part. */
  private void write(Frame picture, long nanos) throws IOException {
    if (!parts.fits(picture.jpegSize(), 1)) {
      startPart(picture.width(), picture.height());
    }
    parts.write(picture.jpeg(), nanos);
    framesTotal++;
  }

  /** Finishes the open part, if any, and opens the next. */
  private void startPart(int width, int height) throws IOException {
    if (parts.currentName() != null) {
      finishPart();
    }
    parts.openPart(width, height);
  }

  private Future<Void> finishRecording(String reason) {
    if (!recording) {
      return Future.succeededFuture();
    }
    recording = false;
    lastStopReason = reason;
    if (diskTimer >= 0) {
      timers.cancel(diskTimer);
      diskTimer = -1;
    }
    frames.unregister();
    frames = null;
    vertx.eventBus().send(demandAddress, Demand.of(HOLDER, Demand.Kind.RECORDING, 0).toJson());
    previous = null;
    boolean open = parts.currentName() != null;
    if (!open && parts.names().size() == 1 && framesTotal == 0) {
      lastError = "no picture came from the camera, so nothing was saved (is the camera online?)";
    }
    Future<Void> finished = (open ? finishPart() : Future.<Void>succeededFuture())
        .onComplete(v -> WRITING.remove(claimed));
    LOG.info("recording {} stopped ({}): {} frames", parts.names().get(0), reason, framesTotal);
    return finished.onComplete(v -> {
      publishState();
      enforceCap(parts.names());
    });
  }

  /** Completes the open part and lists it; its marker goes once it is listed. */
  private Future<Void> finishPart() {
    String name = parts.currentName();
    FinishedPart done;
    try {
      done = parts.finishPart();
    } catch (IOException e) {
      lastError = "could not finish " + name + ": " + e.getMessage() + " (it is repaired at the next start)";
      LOG.error(lastError);
      return Future.succeededFuture();
    }
    lastFiles.add(name);
    return list(done).recover(e -> {
      lastError = "could not list " + name + ": " + e.getMessage();
      LOG.error(lastError);
      return Future.succeededFuture();
    });
  }

  /** Lists a complete part in the library, then removes its marker: it needs no repair any more. */
  private Future<Void> list(FinishedPart part) {
    JsonObject add = new JsonObject().put("action", "add").put("filename", part.name())
        .put("date", MediaDates.orToday(part.date())).put("kind", "video").put("bytes", part.bytes())
        .put("width", part.width()).put("height", part.height()).put("durationMillis", part.durationMillis())
        .put("frames", part.frames()).put("camera", camera);
    return Control.of(vertx, Addresses.MEDIA_CONTROL).waitingForFileWork().send(add)
        .onSuccess(reply -> PartWriter.removeMarker(part.file())).mapEmpty();
  }

  /** Lists every part a crash left unfinished, once it is repaired. */
  private Future<Void> listRepaired() {
    Future<Void> chain = Future.succeededFuture();
    for (FinishedPart part : new CrashRepair(dir, cameraFps).repairUnfinished()) {
      repairedAtStart.add(part.name());
      chain = chain.compose(v -> list(part).recover(e -> {
        LOG.error("could not list repaired recording {}: {}", part.name(), e.getMessage());
        return Future.succeededFuture();
      }));
    }
    return chain;
  }

  /** Applies the storage cap, keeping {@code mine} and what the other cameras' recorders keep. */
  private void enforceCap(java.util.Collection<String> mine) {
    Map<String, Set<String>> here = KEPT.computeIfAbsent(dir.toAbsolutePath(), d -> new ConcurrentHashMap<>());
    here.put(camera, Set.copyOf(mine));
    Set<String> all = new HashSet<>();
    here.values().forEach(all::addAll);
    retention.enforce(all);
  }

  private void checkDisk() {
    long free = freeBytes();
    if (recording && free >= 0 && free < config.minFreeBytes()) {
      finishRecording("disk almost full (recording.minFreeMegabytes)");
      return;
    }
    if (recording) {
      enforceCap(parts.names());
    }
  }

  private long freeBytes() {
    try {
      return Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      return -1;
    }
  }

  private JsonObject state() {
    JsonObject state = new JsonObject().put("camera", camera).put("recording", recording);
    if (recording) {
      List<String> names = parts.names();
      state.put("filename", names.get(0))
          .put("files", new JsonArray(new ArrayList<>(names)))
          .put("startedAt", Instant.ofEpochMilli(startedEpochMillis).toString())
          .put("seconds", (System.currentTimeMillis() - startedEpochMillis) / 1000.0)
          .put("frames", framesTotal)
          .put("framesRepeated", framesRepeated)
          .put("secondsLeftOut", secondsLeftOut())
          .put("bytes", parts.bytes());
    } else {
      state.put("lastFiles", lastFiles.copy());
      if (lastStopReason != null) {
        state.put("lastStopReason", lastStopReason).put("lastFrames", framesTotal).put("lastFramesRepeated", framesRepeated)
            .put("lastSecondsLeftOut", secondsLeftOut());
      }
    }
    if (lastError != null) {
      state.put("lastError", lastError);
    }
    if (storageCap != null) {
      state.put("storageCap", storageCap.copy());
    }
    state.put("limits", new JsonObject().put("maxSeconds", config.maxSeconds()).put("maxBytes", config.maxBytes())
        .put("minFreeBytes", config.minFreeBytes()));
    return state;
  }

  /** Outage time the files left out (only outages longer than {@link Timeline#MAX_FILLED_SECONDS} have any). */
  private double secondsLeftOut() {
    long nanos = leftOutNanosBefore + (timeline == null ? 0 : timeline.leftOutNanos());
    return Math.round(nanos / 1e7) / 100.0;
  }

  /** Published when what is kept over the cap changes, not at every check while a recording grows. */
  private void storageCapChecked(JsonObject report) {
    // what a viewer reads (the files kept, the message with the bytes used) changed, not every byte
    boolean changed = report == null ? storageCap != null
        : storageCap == null || !report.getJsonArray("kept").equals(storageCap.getJsonArray("kept"))
            || !report.getString("message").equals(storageCap.getString("message"));
    storageCap = report;
    if (changed) {
      publishState();
    }
  }

  private void publishState() {
    JsonObject state = state();
    vertx.eventBus().publish(Addresses.recordingState(camera), state);
    if (primary) {
      vertx.eventBus().publish(Addresses.RECORDING_STATE, state);
    }
  }
}
