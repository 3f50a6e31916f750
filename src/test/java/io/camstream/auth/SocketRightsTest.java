package io.camstream.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.bus.Addresses;
import io.camstream.testing.Http;
import io.camstream.testing.JsonFrames;
import io.camstream.testing.Poll;
import io.camstream.testing.SecuredServer;
import io.camstream.testing.TcpBridgeClient;
import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rights follow the user onto sockets already open: each of the three socket kinds, opened by
 * an operator, after each of the four changes to that user. A demoted user's socket keeps
 * receiving but may no longer send controls; the other changes close it.
 */
class SocketRightsTest {
  private static final JsonObject GET = new JsonObject().put("action", "get");
  /** The TCP bridge's and the SockJS bridge's answers to a refused message. */
  private static final Predicate<JsonObject> REFUSED = m -> "err".equals(m.getString("type"))
      && ("blocked by bridgeEvent handler".equals(m.getString("message")) || "rejected".equals(m.getString("body")));
  private static final AtomicInteger USERS = new AtomicInteger();
  private static final AtomicInteger EVENTS = new AtomicInteger();

  @TempDir
  static Path dir;
  static TestServer server;

  enum Kind { TCP_BRIDGE, SOCKJS_BRIDGE, LIVE_STATE }

  enum Change { DEMOTED, REMOVED, PASSWORD_CHANGED, SIGNED_OUT }

  @BeforeAll
  static void start() {
    server = SecuredServer.start(dir, Map.of("bridge.tcpEnabled", "true", "bridge.tcpHost", "127.0.0.1",
        "bridge.tcpPort", String.valueOf(TestServer.freePort())));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<Arguments> cases() {
    return Stream.of(Kind.values()).flatMap(kind -> Stream.of(Change.values()).map(change -> Arguments.of(kind, change)));
  }

  @ParameterizedTest(name = "{0} socket of a user who is {1}")
  @MethodSource("cases")
  void anOpenSocketFollowsItsUsersCurrentRights(Kind kind, Change change) throws Exception {
    String name = "user" + USERS.incrementAndGet();
    String password = "first password of " + name;
    assertThat(admin("POST", "/api/users", new JsonObject().put("name", name).put("role", "operator")
        .put("password", password)).statusCode()).isEqualTo(200);
    // TCP clients sign in inside a message (Basic, or a token that can be revoked); the others with a session
    String credentials = kind != Kind.TCP_BRIDGE ? sessionCookie(name, password)
        : change == Change.SIGNED_OUT ? "Bearer " + new JsonObject(admin("POST", "/api/users/" + name + "/token", null)
            .body()).getString("token")
        : SecuredServer.basic(name, password);
    try (Door door = open(kind, credentials)) {
      door.awaitReceiving();
      if (kind != Kind.LIVE_STATE) {
        door.control("before");
        door.await("the reply to the operator's control", m -> "before".equals(m.getString("address")));
      }
      long changed = System.nanoTime();
      apply(change, name, credentials);
      if (change == Change.DEMOTED) {
        if (kind != Kind.LIVE_STATE) {
          int seen = door.frames.size();
          door.control("after");
          door.await("the refusal of the demoted user's control", REFUSED, seen);
          assertThat(door.frames).noneMatch(m -> "after".equals(m.getString("address")));
        }
        door.awaitReceiving();
        assertThat(door.closedAt).as("the demoted viewer's socket").isZero();
        return;
      }
      Poll.until(Duration.ofSeconds(15), "the " + kind + " socket to close after its user was " + change,
          () -> door.closedAt != 0);
      System.out.printf("%s socket closed %d ms after its user was %s%n", kind,
          TimeUnit.NANOSECONDS.toMillis(door.closedAt - changed), change);
      if (kind == Kind.LIVE_STATE) {
        assertThat(door.closeCode).isEqualTo(1008);
      } else {
        // the client is told why before the socket closes
        assertThat(door.frames).anyMatch(m -> "err".equals(m.getString("type"))
            && (m.getString("message", "") + m.getString("body", "")).contains("sign-in ended"));
      }
    }
  }

  private static void apply(Change change, String name, String credentials) {
    switch (change) {
      case DEMOTED -> assertThat(admin("PATCH", "/api/users/" + name, new JsonObject().put("role", "viewer"))
          .statusCode()).isEqualTo(200);
      case REMOVED -> assertThat(admin("DELETE", "/api/users/" + name, null).statusCode()).isEqualTo(200);
      case PASSWORD_CHANGED -> assertThat(admin("PATCH", "/api/users/" + name,
          new JsonObject().put("password", "second password of " + name)).statusCode()).isEqualTo(200);
      case SIGNED_OUT -> {
        if (credentials.startsWith("Bearer ")) {
          // as `camstream user revoke NAME` does it: in the users file, which the server watches
          UserStore store = new UserStore(Path.of(server.app().config().getJsonObject("auth").getString("usersFile")),
              10_000);
          store.load();
          store.revokeTokens(name);
        } else {
          assertThat(Http.send(SecuredServer.request(server, "/logout").header("Cookie", credentials)
              .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
              .isEqualTo(303);
        }
      }
    }
  }

  private static HttpResponse<String> admin(String method, String path, JsonObject body) {
    return Http.send(SecuredServer.request(server, path).header("Authorization", SecuredServer.basic(Role.ADMIN))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String sessionCookie(String name, String password) {
    HttpResponse<String> login = SecuredServer.login(server, name, password, "/");
    assertThat(login.statusCode()).isEqualTo(303);
    return login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
  }

  private static Door open(Kind kind, String credentials) throws Exception {
    return switch (kind) {
      case TCP_BRIDGE -> new TcpDoor(credentials);
      case SOCKJS_BRIDGE -> new WebSocketDoor("/eventbus/websocket", credentials, true);
      case LIVE_STATE -> new WebSocketDoor("/ws/state", credentials, false);
    };
  }

  /** One open socket: what it received, and when and how it was closed. */
  abstract static class Door implements AutoCloseable {
    final List<JsonObject> frames = new CopyOnWriteArrayList<>();
    volatile long closedAt;
    volatile int closeCode;

    void closed(int code) {
      if (closedAt == 0) {
        closeCode = code;
        closedAt = System.nanoTime();
      }
    }

    /** Sends a harmless control message ("get" to the camera), which needs an operator. */
    abstract void control(String replyAddress) throws IOException;

    /** Proves the socket still receives: a media event published now reaches it. */
    void awaitReceiving() {
      int n = EVENTS.incrementAndGet();
      Poll.until(Duration.ofSeconds(20), "media event " + n + " on the socket", () -> {
        server.vertx().eventBus().publish(Addresses.MEDIA_EVENTS, new JsonObject().put("event", "test").put("n", n));
        return frames.stream().anyMatch(m -> Addresses.MEDIA_EVENTS.equals(m.getString("address"))
            && m.getValue("body") instanceof JsonObject body && body.getInteger("n", 0) == n);
      });
    }

    JsonObject await(String what, Predicate<JsonObject> match) {
      return await(what, match, 0);
    }

    JsonObject await(String what, Predicate<JsonObject> match, int from) {
      return Poll.until(Duration.ofSeconds(20), what, () -> {
        List<JsonObject> seen = List.copyOf(frames);
        return seen.subList(Math.min(from, seen.size()), seen.size()).stream().filter(match).findFirst().orElse(null);
      }, m -> m != null);
    }
  }

  /** The TCP bridge, signed in with the first message; a thread reads until the server closes. */
  static final class TcpDoor extends Door {
    private final TcpBridgeClient client;

    TcpDoor(String authorization) throws IOException {
      client = new TcpBridgeClient(server.app().config().getJsonObject("bridge").getInteger("tcpPort"));
      Thread reader = new Thread(() -> {
        try {
          while (true) {
            frames.add(client.read());
          }
        } catch (IOException | RuntimeException end) {
          closed(0);
        }
      }, "tcp-bridge-reader");
      reader.setDaemon(true);
      reader.start();
      client.write(new JsonObject().put("type", "register").put("address", Addresses.MEDIA_EVENTS)
          .put("headers", new JsonObject().put("authorization", authorization)));
    }

    @Override
    void control(String replyAddress) throws IOException {
      client.send(Addresses.CAMERA_CONTROL, GET, replyAddress);
    }

    @Override
    public void close() throws IOException {
      client.close();
    }
  }

  /** /ws/state, or the SockJS bridge's raw WebSocket, opened with a session cookie. */
  static final class WebSocketDoor extends Door implements WebSocket.Listener {
    private final JsonFrames pieces = new JsonFrames(frames::add);
    private final WebSocket ws;

    WebSocketDoor(String path, String cookie, boolean bridge) throws Exception {
      ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Cookie", cookie)
          .connectTimeout(Duration.ofSeconds(10))
          .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + path), this).get(20, TimeUnit.SECONDS);
      if (bridge) {
        ws.sendText(new JsonObject().put("type", "register").put("address", Addresses.MEDIA_EVENTS).encode(), true)
            .get(20, TimeUnit.SECONDS);
      }
    }

    @Override
    void control(String replyAddress) {
      ws.sendText(new JsonObject().put("type", "send").put("address", Addresses.CAMERA_CONTROL).put("body", GET)
          .put("replyAddress", replyAddress).encode(), true).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      pieces.text(data, last);
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      pieces.binary(data, last);
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed(-1);
    }

    @Override
    public void close() {
      ws.abort();
    }
  }
}
