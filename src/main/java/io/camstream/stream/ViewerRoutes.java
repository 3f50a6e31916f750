package io.camstream.stream;

import io.camstream.bus.Addresses;
import io.camstream.http.Routes;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.UUID;

/**
 * /api/viewers: every /video_feed connection of every HTTP instance with what it was sent,
 * what it skipped and how many bytes wait for it inside the server.
 */
public final class ViewerRoutes implements Routes {
  private final Vertx vertx;
  private final int instances;

  public ViewerRoutes(Vertx vertx, int instances) {
    this.vertx = vertx;
    this.instances = instances;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/viewers").handler(ctx -> {
      String replyAddress = Addresses.VIEWERS_QUERY + ".reply." + UUID.randomUUID();
      JsonArray viewers = new JsonArray();
      long[] dropped = {0};
      int[] answered = {0};
      MessageConsumer<JsonObject> consumer = vertx.eventBus().localConsumer(replyAddress);
      Runnable finish = () -> {
        consumer.unregister();
        if (!ctx.response().ended()) {
          ctx.json(new JsonObject().put("count", viewers.size()).put("dropped", dropped[0]).put("viewers", viewers));
        }
      };
      long timer = vertx.setTimer(1000, id -> finish.run());
      // a client gone (or the server closing) ends the wait now, not a second later
      ctx.response().closeHandler(v -> {
        vertx.cancelTimer(timer);
        consumer.unregister();
      });
      consumer.handler(message -> {
        message.body().getJsonArray("viewers").forEach(viewers::add);
        dropped[0] += message.body().getLong("dropped", 0L);
        if (++answered[0] == instances) {
          vertx.cancelTimer(timer);
          finish.run();
        }
      });
      vertx.eventBus().publish(Addresses.VIEWERS_QUERY, replyAddress);
    });
  }
}
