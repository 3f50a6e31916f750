package io.camstream.media;

import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.camstream.capture.Frame;
import io.camstream.http.BusReplies;
import io.camstream.http.FileDownload;
import io.camstream.http.LegacyParams;
import io.camstream.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
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
    router.get("/snapshot").handler(ctx -> snapshot(ctx, vertx, newestFrame));
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
    router.get("/database/unlisted").handler(ctx -> BusReplies.answerJson(ctx,
        media(vertx, new JsonObject().put("action", "unlisted"))));
    router.get("/api/disk").handler(ctx -> BusReplies.answerJson(ctx, vertx.executeBlocking(() -> disk(paths.dir()))));
    router.get("/database/new").handler(ctx -> BusReplies.answerOld(ctx, media(vertx, new JsonObject().put("action", "new"))));

    router.get("/api/media").handler(ctx -> BusReplies.answerJson(ctx, media(vertx, new JsonObject().put("action", "page")
        .put("offset", intParam(ctx, "offset", 0)).put("limit", intParam(ctx, "limit", 50)))));
    router.get("/api/media/:file").handler(ctx -> BusReplies.answerJson(ctx, media(vertx, new JsonObject()
        .put("action", "get").put("filename", ctx.pathParam("file")))));
    router.delete("/api/media/:file").handler(ctx -> BusReplies.answerJson(ctx, media(vertx, new JsonObject()
        .put("action", "remove").put("filename", ctx.pathParam("file")))));

    router.get("/media/:file/play").handler(ctx -> MediaPlayback.serve(ctx, vertx, paths));
    router.get("/media/:file/thumbnail").handler(ctx -> thumbnail(ctx, vertx));

    router.route("/media/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> {
      String rest = ctx.normalizedPath().substring("/media/".length());
      String raw = ctx.request().path();
      // nothing but a plain listed-style name directly in media/, whatever the encoding
      Path file = rest.isEmpty() || rest.contains("/") || raw.contains("%2f") || raw.contains("%2F")
          || raw.contains("%5c") || raw.contains("%5C") || raw.contains("..") ? null : paths.existingFile(decoded(rest));
      if (file == null) {
        plain(ctx, 404, "no such file in media/");
        return;
      }
      FileDownload.send(ctx, file);
    });
  }

  /** Space on the file system holding media/: what this server may still write ("free") and its size. */
  static JsonObject disk(Path dir) throws java.io.IOException {
    java.nio.file.FileStore store = java.nio.file.Files.getFileStore(dir);
    return new JsonObject().put("freeBytes", store.getUsableSpace()).put("totalBytes", store.getTotalSpace());
  }

  private static void thumbnail(RoutingContext ctx, Vertx vertx) {
    media(vertx, new JsonObject().put("action", "thumbnail").put("filename", ctx.pathParam("file"))).onComplete(ar -> {
      if (ar.failed()) {
        plain(ctx, BusReplies.status(ar.cause()), BusReplies.message(ar.cause()));
        return;
      }
      ctx.response().putHeader("Content-Type", "image/jpeg").putHeader("Cache-Control", "max-age=60")
          .sendFile(ar.result().getString("path"));
    });
  }

  /** The picture viewers see now goes to the media part as it is (the local bus does not copy it). */
  private static void snapshot(RoutingContext ctx, Vertx vertx, Supplier<Future<Frame>> newestFrame) {
    String filename = ctx.request().getParam("filename");
    String date = ctx.request().getParam("date");
    try {
      // refused before waiting for a picture; the media part checks again, as for any sender
      FileNames.forNew(filename, ".jpg");
      MediaDates.orToday(date);
    } catch (BadFileNameException e) {
      plain(ctx, 400, e.getMessage());
      return;
    }
    Future<JsonObject> saved = newestFrame.get()
        .recover(e -> Future.failedFuture(Control.refused(500, "no picture to save: " + e.getMessage())))
        .compose(frame -> Control.of(vertx, Addresses.MEDIA_CONTROL).waitingForFileWork()
            .send("snapshot", frame, Map.of("filename", filename, "date", date == null ? "" : date)));
    saved.onSuccess(item -> ctx.response().putHeader("X-Media-File", item.getString("filename")));
    BusReplies.answerOld(ctx, saved);
  }

  /**
   * A path segment as the file name it encodes: the router's normalised path keeps every
   * escape but those of letters and digits (café.jpg arrives as caf%C3%A9.jpg); "+" stays "+".
   */
  private static String decoded(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException badEscape) {
      return "";
    }
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
