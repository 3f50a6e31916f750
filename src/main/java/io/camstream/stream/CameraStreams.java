package io.camstream.stream;

import io.camstream.bus.Addresses;
import io.camstream.bus.LastState;
import io.camstream.metrics.StreamMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The M-JPEG fan-outs of one HTTP instance, one per camera that someone watches here: the
 * default camera's (the routes without an id, on the addresses without an id) from the start,
 * the others' made at their first viewer and stopped, with their viewers, when their camera
 * is removed.
 */
public final class CameraStreams {
  private final Vertx vertx;
  private final long viewerStallMillis;
  private final int viewerQueueBytes;
  private final StreamMetrics metrics;
  private final String instance = UUID.randomUUID().toString();
  private final MjpegStreamer defaultCamera;
  private final Map<String, MjpegStreamer> others = new HashMap<>();
  private String defaultId;
  private MessageConsumer<String> viewersQuery;
  private Runnable stopListening = () -> { };

  public CameraStreams(Vertx vertx, long viewerStallMillis, int viewerQueueBytes, StreamMetrics metrics) {
    this.vertx = vertx;
    this.viewerStallMillis = viewerStallMillis;
    this.viewerQueueBytes = viewerQueueBytes;
    this.metrics = metrics;
    this.defaultCamera = new MjpegStreamer(vertx, Addresses.FRAMES, Addresses.CAMERA_DEMAND, viewerStallMillis,
        viewerQueueBytes, metrics);
  }

  public void start(LastState states) {
    defaultCamera.start();
    viewersQuery = vertx.eventBus().localConsumer(Addresses.VIEWERS_QUERY,
        message -> vertx.eventBus().send(message.body(), describe()));
    stopListening = states.listen((address, state) -> {
      if (address.equals(Addresses.CAMERAS)) {
        follow(state);
      }
    });
    states.get(Addresses.CAMERAS).onSuccess(this::follow);
  }

  public void stop() {
    stopListening.run();
    viewersQuery.unregister();
    defaultCamera.stop();
    others.values().forEach(MjpegStreamer::stop);
    others.clear();
  }

  /** The default camera's fan-out, for /video_feed, /frame.jpg and snapshots. */
  public MjpegStreamer defaultCamera() {
    return defaultCamera;
  }

  /** The fan-out of a camera from the camera list ({"id", "default", ...}). */
  public MjpegStreamer of(JsonObject camera) {
    if (camera.getBoolean("default", false)) {
      return defaultCamera;
    }
    return others.computeIfAbsent(camera.getString("id"), id -> {
      MjpegStreamer streamer = new MjpegStreamer(vertx, Addresses.frames(id), Addresses.cameraDemand(id),
          viewerStallMillis, viewerQueueBytes, metrics);
      streamer.start();
      return streamer;
    });
  }

  private void follow(JsonObject cameras) {
    Set<String> listed = new HashSet<>();
    JsonArray list = cameras.getJsonArray("cameras", new JsonArray());
    for (int i = 0; i < list.size(); i++) {
      JsonObject camera = list.getJsonObject(i);
      listed.add(camera.getString("id"));
      if (camera.getBoolean("default", false)) {
        defaultId = camera.getString("id");
      }
    }
    others.keySet().removeIf(id -> {
      if (listed.contains(id)) {
        return false;
      }
      others.get(id).stop();
      return true;
    });
  }

  /** This instance's viewers of every camera, each with its camera's id, for /api/viewers. */
  JsonObject describe() {
    JsonArray viewers = new JsonArray();
    defaultCamera.viewers().forEach(v -> viewers.add(v.put("camera", defaultId)));
    others.forEach((id, streamer) -> streamer.viewers().forEach(v -> viewers.add(v.put("camera", id))));
    long dropped = defaultCamera.dropped() + others.values().stream().mapToLong(MjpegStreamer::dropped).sum();
    return new JsonObject().put("instance", instance).put("dropped", dropped).put("viewers", viewers);
  }
}
