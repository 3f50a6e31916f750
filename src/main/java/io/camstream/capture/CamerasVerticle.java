package io.camstream.capture;

import io.camstream.bus.Addresses;
import io.camstream.config.CameraFile;
import io.camstream.config.ConfigException;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's cameras: deploys one {@link CaptureVerticle} per camera (each a worker with its
 * own grab thread, so one camera's failure or hang never slows another), adds and removes
 * cameras at run time without touching the others, and writes such changes back to the
 * configuration file. Answers {@code camstream.cameras.control} ("get"; "add" with
 * {"camera": {"id", "name", "source", ...}}; "remove" with {"id"}) and publishes the list with
 * each camera's status on {@code camstream.cameras}. Its cameras are its child deployments:
 * undeploying it stops them all.
 */
public final class CamerasVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(CamerasVerticle.class);

  /** One running camera. */
  private static final class Running {
    final CameraList.Camera camera;
    final boolean primary;
    String deployment;
    MessageConsumer<JsonObject> states;
    String status = "idle";

    Running(CameraList.Camera camera, boolean primary) {
      this.camera = camera;
      this.primary = primary;
    }
  }

  private final CameraFile file;
  private final String notSaved;
  private final Map<String, Running> cameras = new LinkedHashMap<>();
  /** Adds and removes run one after the other, each with its file write. */
  private Future<?> changes = Future.succeededFuture();
  private JsonObject lastPublished;

  /**
   * @param file where cameras added or removed at run time are written, or null
   * @param notSaved why they are not written when {@code file} is null, for the answer
   */
  public CamerasVerticle(CameraFile file, String notSaved) {
    this.file = file;
    this.notSaved = notSaved;
  }

  @Override
  public Future<?> start() {
    CameraList list = CameraList.from(config());
    Future<Void> chain = vertx.eventBus().<JsonObject>localConsumer(Addresses.CAMERAS_CONTROL, this::onControl)
        .completion();
    for (CameraList.Camera camera : list.cameras()) {
      chain = chain.compose(v -> deploy(camera, camera == list.primary()));
    }
    return chain.onSuccess(v -> publish());
  }

  private Future<Void> deploy(CameraList.Camera camera, boolean primary) {
    Running running = new Running(camera, primary);
    cameras.put(camera.id(), running);
    running.states = vertx.eventBus().localConsumer(Addresses.cameraState(camera.id()), m -> {
      running.status = m.body().getString("status", running.status);
      publish();
    });
    return running.states.completion()
        .compose(v -> vertx.deployVerticle(new CaptureVerticle(camera.id(), primary), new DeploymentOptions()
            .setThreadingModel(ThreadingModel.WORKER).setConfig(camera.deploymentConfig(config()))))
        .onSuccess(id -> running.deployment = id)
        .onFailure(e -> {
          running.states.unregister();
          cameras.remove(camera.id());
        })
        .mapEmpty();
  }

  private void onControl(Message<JsonObject> message) {
    JsonObject body = message.body() == null ? new JsonObject() : message.body();
    String action = body.getString("action", "get");
    switch (action) {
      case "get" -> message.reply(state());
      case "add" -> queue(message, () -> add(body.getValue("camera")));
      case "remove" -> queue(message, () -> remove(body.getValue("id")));
      default -> message.fail(400, "unknown cameras action \"" + action + "\"; use get, add or remove");
    }
  }

  /** Runs a change after those before it; answers the new list or the refusal. */
  private void queue(Message<JsonObject> message, java.util.function.Supplier<Future<JsonObject>> change) {
    Future<JsonObject> done = changes.transform(v -> change.get());
    changes = done;
    done.onComplete(ar -> {
      if (ar.succeeded()) {
        message.reply(ar.result());
      } else if (ar.cause() instanceof Refused refused) {
        message.fail(refused.code, refused.getMessage());
      } else {
        message.fail(500, ar.cause().getMessage());
      }
    });
  }

  private static final class Refused extends RuntimeException {
    final int code;

    Refused(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  private Future<JsonObject> add(Object written) {
    if (!(written instanceof JsonObject json)) {
      return Future.failedFuture(new Refused(400, "send the camera as {\"camera\": {\"id\": \"yard\", \"name\": \"Yard\","
          + " \"source\": \"usb:1\"}} with any other camera keys (fps, width, ...)"));
    }
    CameraList.Camera camera;
    try {
      camera = CameraList.camera(config(), json, "camera");
    } catch (ConfigException e) {
      return Future.failedFuture(new Refused(400, e.getMessage()));
    }
    for (String known : cameras.keySet()) {
      if (known.equalsIgnoreCase(camera.id())) {
        return Future.failedFuture(new Refused(409, "there is already a camera \"" + known + "\"; remove it first or"
            + " choose another id"));
      }
    }
    return deploy(camera, false)
        .compose(v -> save(cameras -> {
          JsonArray next = new JsonArray();
          cameras.forEach(c -> next.add(c));
          next.add(camera.written());
          return next;
        }))
        .map(saved -> {
          LOG.info("camera {} added ({})", camera.id(), camera.config().source());
          publish();
          return state().put("saved", saved);
        });
  }

  private Future<JsonObject> remove(Object id) {
    Running running = id instanceof String text ? cameras.get(text) : null;
    if (running == null) {
      return Future.failedFuture(new Refused(404, "no camera " + (id == null ? "given: send {\"id\": \"...\"}" : "\"" + id
          + "\"") + "; the cameras are " + String.join(", ", cameras.keySet())));
    }
    if (running.primary) {
      return Future.failedFuture(new Refused(409, "camera \"" + running.camera.id() + "\" is the default camera (the routes"
          + " and addresses without a camera id use it) and cannot be removed while the server runs; take it out of"
          + " the configuration and restart"));
    }
    cameras.remove(running.camera.id());
    running.states.unregister();
    return vertx.undeploy(running.deployment)
        .compose(v -> save(list -> {
          JsonArray next = new JsonArray();
          list.forEach(c -> {
            if (!(c instanceof JsonObject o && running.camera.id().equals(o.getValue("id")))) {
              next.add(c);
            }
          });
          return next;
        }))
        .map(saved -> {
          LOG.info("camera {} removed", running.camera.id());
          publish();
          return state().put("saved", saved);
        });
  }

  /** Writes the change to the configuration file; answers where, or why it was not written. */
  private Future<JsonObject> save(java.util.function.UnaryOperator<JsonArray> change) {
    if (file == null) {
      return Future.succeededFuture(new JsonObject().put("written", false).put("reason", notSaved));
    }
    return vertx.executeBlocking(() -> {
      file.update(change);
      return new JsonObject().put("written", true).put("file", file.path().toString());
    }).recover(e -> {
      LOG.error("could not write the cameras to {}: {}", file.path(), e.getMessage());
      return Future.succeededFuture(new JsonObject().put("written", false).put("reason", "could not write "
          + file.path() + " (" + e.getMessage() + "); the change holds until the server stops"));
    });
  }

  JsonObject state() {
    JsonArray list = new JsonArray();
    for (Running running : cameras.values()) {
      list.add(new JsonObject().put("id", running.camera.id()).put("name", running.camera.name())
          .put("status", running.status).put("default", running.primary).put("fps", running.camera.config().fps())
          .put("source", running.camera.config().source().toString()));
    }
    return new JsonObject().put("cameras", list);
  }

  private void publish() {
    JsonObject state = state();
    if (!state.equals(lastPublished)) {
      lastPublished = state;
      vertx.eventBus().publish(Addresses.CAMERAS, state);
    }
  }

  /** The ids, for tests. */
  List<String> ids() {
    return new ArrayList<>(cameras.keySet());
  }
}
