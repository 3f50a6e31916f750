package io.camstream.http;

import io.camstream.bus.Addresses;
import io.camstream.bus.LastState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The cameras as the camera list last published them, for the doors of /cameras/ID/... and
 * /api/cameras/ID/...: a route for a camera that does not exist answers 404 with the ids
 * that do, so the caller sees at once what to write instead.
 */
public final class KnownCameras {
  private final LastState states;

  public KnownCameras(LastState states) {
    this.states = states;
  }

  /** Every camera's entry ({"id", "name", "status", "default", "source"}), the default one first. */
  public void all(RoutingContext ctx, Consumer<JsonArray> then) {
    states.caughtUp().compose(v -> states.get(Addresses.CAMERAS)).onComplete(ar -> {
      if (ctx.response().ended() || ctx.response().closed()) {
        return;
      }
      if (ar.failed()) {
        BusReplies.error(ctx, BusReplies.status(ar.cause()), "the camera list is not answering: "
            + BusReplies.message(ar.cause()));
      } else {
        then.accept(ar.result().getJsonArray("cameras", new JsonArray()));
      }
    });
  }

  /** Calls {@code then} with the entry of the camera named by the path's {@code :id}, else answers 404. */
  public void withCamera(RoutingContext ctx, Consumer<JsonObject> then) {
    String id = ctx.pathParam("id");
    all(ctx, cameras -> {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < cameras.size(); i++) {
        JsonObject camera = cameras.getJsonObject(i);
        if (camera.getString("id").equals(id)) {
          then.accept(camera);
          return;
        }
        ids.add(camera.getString("id"));
      }
      ctx.response().setStatusCode(404).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("error", "no camera \"" + id + "\"; the cameras are " + String.join(", ", ids))
              .put("cameras", new JsonArray(ids)).encode());
    });
  }
}
