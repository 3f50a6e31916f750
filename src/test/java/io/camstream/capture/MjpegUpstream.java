package io.camstream.capture;

import io.camstream.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An M-JPEG HTTP camera inside the test: a Vert.x HTTP server on loopback that sends its
 * pictures in turn, 25 a second, to every client of any path, framed as common IP cameras
 * frame them (the boundary before each part). It counts the clients connected.
 */
final class MjpegUpstream {
  private static final long PERIOD_MILLIS = 40;

  private final List<byte[]> pictures;
  private final AtomicInteger connected = new AtomicInteger();
  private HttpServer server;

  private MjpegUpstream(List<byte[]> pictures) {
    this.pictures = pictures;
  }

  static MjpegUpstream start(Vertx vertx, List<byte[]> pictures) {
    MjpegUpstream upstream = new MjpegUpstream(pictures);
    upstream.server = Await.result(vertx.createHttpServer()
        .requestHandler(request -> upstream.stream(vertx, request.response()))
        .listen(0, "127.0.0.1"), 20);
    return upstream;
  }

  private void stream(Vertx vertx, HttpServerResponse response) {
    connected.incrementAndGet();
    response.setChunked(true).putHeader("Content-Type", "multipart/x-mixed-replace; boundary=picture");
    AtomicInteger next = new AtomicInteger();
    long timer = vertx.setPeriodic(PERIOD_MILLIS, id -> {
      if (!response.writeQueueFull()) {
        byte[] jpeg = pictures.get(next.getAndIncrement() % pictures.size());
        String headers = "--picture\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.length + "\r\n\r\n";
        response.write(Buffer.buffer(headers.getBytes(StandardCharsets.US_ASCII)).appendBytes(jpeg)
            .appendString("\r\n"));
      }
    });
    response.closeHandler(v -> {
      vertx.cancelTimer(timer);
      connected.decrementAndGet();
    });
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  /** Clients connected now. */
  int clients() {
    return connected.get();
  }

  /**
   * {@code count} different JPEGs of {@code width} x {@code height}. Any pictures do: these are
   * made by the camera's own "no signal" renderer, each with its own line of text.
   */
  static List<byte[]> pictures(int count, int width, int height) {
    List<byte[]> jpegs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      jpegs.add(NoSignalPicture.render(width, height, "upstream picture " + i, 80));
    }
    return jpegs;
  }
}
