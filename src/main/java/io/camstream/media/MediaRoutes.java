package io.camstream.media;

import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.camstream.capture.Frame;
import io.camstream.http.BusReplies;
import io.camstream.http.LegacyParams;
import io.camstream.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.function.Supplier;

/**
 * Snapshots and the media library over HTTP: the old routes (/snapshot, /get_database,
 * /database/*, /media/FILE) and /api/media. Library changes go through
 * {@code camstream.media.control}.
 */
public final class MediaRoutes implements Routes {
  private final Vertx vertx;
  private final Supplier<Future<Frame>> newestFrame;
  private final MediaConfig config;

  /** @param newestFrame the picture viewers see now, for snapshots */
  public MediaRoutes(Vertx vertx, Supplier<Future<Frame>> newestFrame, MediaConfig config) {
    this.vertx = vertx;
    this.newestFrame = newestFrame;
    this.config = config;
  }

  @Override
  public void mount(Router router) {
    MediaPaths paths = new MediaPaths(config.dir());
    router.get("/snapshot").handler(ctx -> snapshot(ctx, vertx, newestFrame, paths));
    router.get("/get_database").handler(ctx -> media(vertx, new JsonObject().put("action", "list")).onComplete(ar -> {
      if (ar.failed()) {
        BusReplies.answerOld(ctx, Future.failedFuture(ar.cause()));
        return;
      }
      JsonArray old = new JsonArray();
      ar.result().getJsonArray("items").forEach(o -> old.add(new JsonObject()
          .put("date", ((JsonObject) o).getString("date")).put("filename", ((JsonObject) o).getString("filename"))));
      ctx.response().putHeader("Content-Type", "application/json").end(old.encode());
    }));
    router.get("/database/add").handler(ctx -> BusReplies.answerOld(ctx, media(vertx, new JsonObject()
        .put("action", "add").put("filename", ctx.request().getParam("filename")).put("date", ctx.request().getParam("date")))));
    router.get("/database/remove").handler(ctx -> BusReplies.answerOld(ctx, media(vertx, new JsonObject()
        .put("action", "remove").put("filename", ctx.request().getParam("filename")))));
    router.get("/database/new").handler(ctx -> BusReplies.answerOld(ctx, media(vertx, new JsonObject().put("action", "new"))));

    router.get("/api/media").handler(ctx -> BusReplies.answerJson(ctx, media(vertx, new JsonObject().put("action", "page")
        .put("offset", intParam(ctx, "offset", 0)).put("limit", intParam(ctx, "limit", 50)))));
    router.get("/api/media/:file").handler(ctx -> BusReplies.answerJson(ctx, media(vertx, new JsonObject()
        .put("action", "get").put("filename", ctx.pathParam("file")))));
    router.delete("/api/media/:file").handler(ctx -> BusReplies.answerJson(ctx, media(vertx, new JsonObject()
        .put("action", "remove").put("filename", ctx.pathParam("file")))));

    Thumbnails thumbnails = new Thumbnails(paths.dir());
    router.get("/media/:file/play").handler(ctx -> MediaPlayback.serve(ctx, vertx, paths));
    router.get("/media/:file/thumbnail").handler(ctx -> thumbnail(ctx, vertx, paths, thumbnails));

    StaticHandler files = StaticHandler.create(FileSystemAccess.ROOT, paths.dir().toString())
        .setFilesReadOnly(false)
        .setMaxAgeSeconds(3600)
        .setIncludeHidden(false)
        .setDirectoryListing(false)
        .setEnableRangeSupport(true);
    router.route("/media/*").method(io.vertx.core.http.HttpMethod.GET).method(io.vertx.core.http.HttpMethod.HEAD).handler(ctx -> {
      String rest = ctx.normalizedPath().substring("/media/".length());
      String raw = ctx.request().path();
      // nothing but a plain listed-style name directly in media/, whatever the encoding
      if (rest.isEmpty() || rest.contains("/") || raw.contains("%2f") || raw.contains("%2F") || raw.contains("%5c")
          || raw.contains("%5C") || raw.contains("..") || paths.existingFile(rest) == null) {
        ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8")
            .end("no such file in media/");
        return;
      }
      ctx.next();
    }).handler(files);
  }

  private static void thumbnail(RoutingContext ctx, Vertx vertx, MediaPaths paths, Thumbnails thumbnails) {
    java.nio.file.Path item = paths.existingFile(ctx.pathParam("file"));
    if (item == null) {
      plain(ctx, 404, "no such file in media/");
      return;
    }
    vertx.executeBlocking(() -> thumbnails.of(item)).onComplete(ar -> {
      if (ar.failed()) {
        plain(ctx, 404, "no thumbnail: " + ar.cause().getMessage());
        return;
      }
      ctx.response().putHeader("Content-Type", "image/jpeg").putHeader("Cache-Control", "max-age=60")
          .sendFile(ar.result().toString());
    });
  }

  private static void snapshot(RoutingContext ctx, Vertx vertx, Supplier<Future<Frame>> newestFrame, MediaPaths paths) {
    String name;
    String date;
    try {
      name = FileNames.forNew(ctx.request().getParam("filename"), ".jpg");
      date = MediaDates.orToday(ctx.request().getParam("date"));
    } catch (BadFileNameException e) {
      plain(ctx, 400, e.getMessage());
      return;
    }
    Future<JsonObject> saved = newestFrame.get()
        .recover(e -> Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 500,
            "no picture to save: " + e.getMessage())))
        .compose(frame -> vertx.executeBlocking(() -> MediaFiles.writeNew(paths.dir(), name, frame.jpeg()))
            .recover(e -> Future.failedFuture(e instanceof MediaFiles.AlreadyExistsException
                ? new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 409, e.getMessage())
                : new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 500, "could not save media/" + name + ": " + e.getMessage())))
            .compose(path -> media(vertx, row(name, date, frame))));
    saved.onSuccess(item -> ctx.response().putHeader("X-Media-File", name));
    BusReplies.answerOld(ctx, saved);
  }

  private static JsonObject row(String name, String date, Frame frame) {
    return new JsonObject().put("action", "add").put("filename", name).put("date", date).put("kind", "picture")
        .put("bytes", (long) frame.jpegSize()).put("width", frame.width()).put("height", frame.height());
  }

  private static Future<JsonObject> media(Vertx vertx, JsonObject body) {
    return Control.of(vertx, Addresses.MEDIA_CONTROL).send(body);
  }

  private static int intParam(RoutingContext ctx, String name, int fallback) {
    Double value = LegacyParams.number(ctx, name);
    return value == null ? fallback : (int) Math.max(0, Math.min(Integer.MAX_VALUE, value));
  }

  private static void plain(RoutingContext ctx, int status, String text) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(text);
  }
}
