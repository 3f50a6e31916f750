package io.camstream.recording;

import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One {@link RecordingVerticle} per camera, so every camera can record at the same time: it
 * follows the camera list ({@code camstream.cameras}), deploying a recorder for each camera
 * added and undeploying (which finishes its recording) the recorder of each camera removed.
 * The default camera's recorder starts first: it repairs what a crash left unfinished.
 */
public final class RecordersVerticle extends VerticleBase {
  /** Camera id to its recorder's deployment. */
  private final Map<String, String> recorders = new LinkedHashMap<>();
  /** Changes of the list are applied one after the other. */
  private Future<?> changes = Future.succeededFuture();

  @Override
  public Future<?> start() {
    vertx.eventBus().<JsonObject>localConsumer(Addresses.CAMERAS, m -> follow(m.body()));
    return Control.of(vertx, Addresses.CAMERAS_CONTROL).state().compose(this::follow);
  }

  private Future<?> follow(JsonObject list) {
    Future<?> next = changes.transform(v -> apply(list.getJsonArray("cameras", new JsonArray())));
    changes = next;
    return next;
  }

  private Future<Void> apply(JsonArray cameras) {
    Set<String> listed = new HashSet<>();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < cameras.size(); i++) {
      JsonObject camera = cameras.getJsonObject(i);
      String id = camera.getString("id");
      listed.add(id);
      if (!recorders.containsKey(id)) {
        recorders.put(id, "");
        Number fps = camera.getNumber("fps");
        RecordingVerticle recorder = new RecordingVerticle(id, camera.getBoolean("default", false),
            fps == null ? null : fps.doubleValue());
        chain = chain.compose(v -> vertx.deployVerticle(recorder, new DeploymentOptions()
                .setThreadingModel(ThreadingModel.WORKER).setConfig(config())))
            .map(deployment -> {
              recorders.put(id, deployment);
              return null;
            });
      }
    }
    for (String id : Set.copyOf(recorders.keySet())) {
      if (!listed.contains(id)) {
        String deployment = recorders.remove(id);
        chain = chain.compose(v -> deployment.isEmpty() ? Future.succeededFuture() : vertx.undeploy(deployment));
      }
    }
    return chain;
  }
}
