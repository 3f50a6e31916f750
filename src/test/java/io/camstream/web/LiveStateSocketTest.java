package io.camstream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.bus.Addresses;
import io.camstream.testing.Http;
import io.camstream.testing.JsonFrames;
import io.camstream.testing.Poll;
import io.camstream.testing.SharedServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /ws/state with the JDK's WebSocket client, whose reading the test can stop and start. */
class LiveStateSocketTest {
  @RegisterExtension
  static final SharedServer server = new SharedServer();

  @Test
  void aNewSocketGetsTheWholeStateThenEveryChange() throws Exception {
    try (Client client = Client.open()) {
      JsonObject camera = client.await("the camera's current state", f -> f.getString("address").equals(Addresses.CAMERA_STATE));
      assertThat(camera.getJsonObject("body").getBoolean("grayscale")).isFalse();
      client.await("the end of the whole state", f -> f.getString("address").equals(Addresses.WS_SYNCED));
      // the parts not running in this server are announced as such, never left silent
      for (JsonObject frame : client.frames) {
        if (frame.getString("address").equals(Addresses.WS_UNAVAILABLE)) {
          assertThat(frame.getJsonObject("body").getString("reason")).isNotBlank();
        }
      }

      try {
        assertThat(Http.postJson(server.url("/api/camera"), "{\"action\":\"grayscale\",\"enabled\":true}").statusCode())
            .isEqualTo(200);
        client.await("the pushed grayscale state", f -> f.getString("address").equals(Addresses.CAMERA_STATE)
            && f.getJsonObject("body").getBoolean("grayscale"));
      } finally {
        Http.postJson(server.url("/api/camera"), "{\"action\":\"grayscale\",\"enabled\":false}");
      }

      server.vertx().eventBus().publish(Addresses.MEDIA_EVENTS, new JsonObject().put("event", "added").put("n", 1));
      client.await("the media event", f -> f.getString("address").equals(Addresses.MEDIA_EVENTS)
          && f.getJsonObject("body").getInteger("n", 0) == 1);
    }
  }

  /** The page draws its camera grid and each camera's view from these, so they come before "synced". */
  @Test
  void theWholeStateHasTheCameraListAndEachCamerasOwnStatesBeforeSynced() throws Exception {
    try (Client client = Client.open()) {
      client.await("the end of the whole state", f -> f.getString("address").equals(Addresses.WS_SYNCED));
      List<String> addresses = client.frames.stream().map(f -> f.getString("address")).toList();
      int synced = addresses.indexOf(Addresses.WS_SYNCED);
      JsonObject list = client.frames.get(addresses.indexOf(Addresses.CAMERAS)).getJsonObject("body");
      assertThat(list.getJsonArray("cameras").getJsonObject(0).getString("id")).isEqualTo("default");
      assertThat(addresses.indexOf(Addresses.CAMERAS)).isBetween(0, synced);
      int cameraState = addresses.indexOf(Addresses.cameraState("default"));
      assertThat(cameraState).as("camstream.camera.default.state in " + addresses).isBetween(0, synced);
      assertThat(client.frames.get(cameraState).getJsonObject("body").getString("status")).isNotBlank();
      assertThat(addresses.indexOf(Addresses.recordingState("default"))).as("the recording's own state in " + addresses)
          .isBetween(0, synced);
    }
  }

  @Test
  void aSocketThatStopsReadingMissesMessagesAndIsResynchronisedWhenItReadsAgain() throws Exception {
    try (Client client = Client.open()) {
      client.await("the first whole state", f -> f.getString("address").equals(Addresses.WS_SYNCED));
      client.pause();
      int published = 4000;
      String pad = "x".repeat(16 * 1024);
      // 64 MB of events: far more than the socket's queue and the kernel's buffers can hold
      for (int i = 0; i < published; i++) {
        server.vertx().eventBus().publish(Addresses.MEDIA_EVENTS, new JsonObject().put("event", "test").put("n", i).put("pad", pad));
      }
      int beforeResume = client.frames.size();
      client.resume();
      client.await("a fresh whole state after the drops", f -> f.getString("address").equals(Addresses.WS_SYNCED),
          beforeResume);
      long delivered = client.frames.stream().filter(f -> f.getString("address").equals(Addresses.MEDIA_EVENTS)).count();
      assertThat(delivered).as("events that reached the slow socket").isLessThan(published);
      // the socket is still useful afterwards
      server.vertx().eventBus().publish(Addresses.MEDIA_EVENTS, new JsonObject().put("event", "added").put("n", -1));
      client.await("an event after the resync", f -> f.getString("address").equals(Addresses.MEDIA_EVENTS)
          && f.getJsonObject("body").getInteger("n", 0) == -1);
    }
  }

  private static final class Client implements WebSocket.Listener, AutoCloseable {
    final List<JsonObject> frames = new CopyOnWriteArrayList<>();
    private final JsonFrames pieces = new JsonFrames(frames::add);
    private final AtomicBoolean paused = new AtomicBoolean();
    private volatile WebSocket socket;

    static Client open() throws Exception {
      Client client = new Client();
      HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + LiveStateSocket.PATH), client)
          .get(20, TimeUnit.SECONDS);
      return client;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      socket = webSocket;
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      pieces.text(data, last);
      if (!paused.get()) {
        webSocket.request(1);
      }
      return null;
    }

    void pause() {
      paused.set(true);
    }

    void resume() {
      paused.set(false);
      socket.request(1);
    }

    JsonObject await(String what, java.util.function.Predicate<JsonObject> match) {
      return await(what, match, 0);
    }

    JsonObject await(String what, java.util.function.Predicate<JsonObject> match, int from) {
      return Poll.until(Duration.ofSeconds(60), what,
          () -> {
            // a copy: a sub-list view of the live list fails when a frame arrives meanwhile
            List<JsonObject> seen = List.copyOf(frames);
            return seen.subList(Math.min(from, seen.size()), seen.size()).stream().filter(match).findFirst().orElse(null);
          },
          f -> f != null);
    }

    @Override
    public void close() {
      socket.abort();
    }
  }
}
