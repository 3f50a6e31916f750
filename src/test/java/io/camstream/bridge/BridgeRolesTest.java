package io.camstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.auth.Role;
import io.camstream.auth.UserStore;
import io.camstream.bus.Addresses;
import io.camstream.testing.JsonFrames;
import io.camstream.testing.SecuredServer;
import io.camstream.testing.TcpBridgeClient;
import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On both bridges a viewer may receive, only an operator may send. */
class BridgeRolesTest {
  private static final JsonObject GRAY = new JsonObject().put("action", "grayscale").put("enabled", true);

  @TempDir
  Path dir;

  private TestServer start() {
    return SecuredServer.start(dir, Map.of("bridge.tcpEnabled", "true", "bridge.tcpHost", "127.0.0.1",
        "bridge.tcpPort", String.valueOf(TestServer.freePort())));
  }

  private static int tcpPort(TestServer server) {
    return server.app().config().getJsonObject("bridge").getInteger("tcpPort");
  }

  /** What the TCP bridge answers to a refused message. */
  private static final String REFUSED = "blocked by bridgeEvent handler";

  private static JsonObject withAuth(JsonObject message, String authorization) {
    return message.put("headers", new JsonObject().put("authorization", authorization));
  }

  @Test
  void tcpClientsNeedCredentialsInTheHeadersAndTheOperatorRoleToSend() throws Exception {
    try (TestServer server = start()) {
      try (TcpBridgeClient client = new TcpBridgeClient(tcpPort(server))) {
        client.register(Addresses.CAMERA_STATE);
        assertThat(client.read().getString("message")).isEqualTo(REFUSED);
        client.send(Addresses.CAMERA_CONTROL, GRAY, "r0");
        assertThat(client.read().getString("message")).isEqualTo(REFUSED);
        client.write(withAuth(new JsonObject().put("type", "register").put("address", Addresses.CAMERA_STATE),
            SecuredServer.basic("viewer", "wrong password")));
        assertThat(client.read().getString("message")).isEqualTo(REFUSED);
      }
      try (TcpBridgeClient viewer = new TcpBridgeClient(tcpPort(server))) {
        viewer.write(withAuth(new JsonObject().put("type", "register").put("address", Addresses.CAMERA_STATE),
            SecuredServer.basic(Role.VIEWER)));
        JsonObject state = viewer.read();
        assertThat(state.getString("type")).isEqualTo("message");
        assertThat(state.getJsonObject("body").getBoolean("grayscale")).isFalse();
        // the credentials hold for the connection; a viewer still may not send
        viewer.send(Addresses.CAMERA_CONTROL, GRAY, "r1");
        assertThat(viewer.readUntil(m -> "err".equals(m.getString("type")), 20).getString("message"))
            .isEqualTo(REFUSED);
        assertThat(SecuredServer.grayscale(server)).isFalse();
      }
      try (TcpBridgeClient operator = new TcpBridgeClient(tcpPort(server))) {
        operator.write(withAuth(new JsonObject().put("type", "send").put("address", Addresses.CAMERA_CONTROL)
            .put("body", GRAY).put("replyAddress", "r2"), SecuredServer.basic(Role.OPERATOR)));
        JsonObject reply = operator.readUntil(m -> "r2".equals(m.getString("address")), 20);
        assertThat(reply.getJsonObject("body").getBoolean("grayscale")).isTrue();
        assertThat(SecuredServer.grayscale(server)).isTrue();
        // later messages need no header
        operator.send(Addresses.CAMERA_CONTROL, GRAY.copy().put("enabled", false), "r3");
        assertThat(operator.readUntil(m -> "r3".equals(m.getString("address")), 20)
            .getJsonObject("body").getBoolean("grayscale")).isFalse();
      }
    }
  }

  @Test
  void sockJsSocketsActWithTheRoleOfTheirHandshake() throws Exception {
    try (TestServer server = start()) {
      // a WebSocket handshake cannot wait for a password check: while the first check of these
      // credentials runs it is refused with 401 (or let in, when the check won the race); once
      // verified, Basic is taken at once
      assertThat(Socket.refusedOrLetIn(server, SecuredServer.basic(Role.VIEWER))).isTrue();
      assertThat(SecuredServer.as(Role.VIEWER, server, "/api/session").statusCode()).isEqualTo(200);
      try (Socket viewer = Socket.open(server, SecuredServer.basic(Role.VIEWER))) {
        viewer.send(new JsonObject().put("type", "register").put("address", Addresses.CAMERA_STATE));
        assertThat(viewer.next().getJsonObject("body").getBoolean("grayscale")).isFalse();
        viewer.send(new JsonObject().put("type", "send").put("address", Addresses.CAMERA_CONTROL).put("body", GRAY)
            .put("replyAddress", "x"));
        assertThat(viewer.until(m -> "err".equals(m.getString("type"))).getString("body")).isEqualTo("rejected");
      }
      assertThat(SecuredServer.grayscale(server)).isFalse();
      UserStore store = new UserStore(Path.of(server.app().config().getJsonObject("auth").getString("usersFile")), 10_000);
      store.load();
      String token = store.newToken("operator");
      io.camstream.testing.Poll.until(Duration.ofSeconds(15), "the token to work", () -> SecuredServer.get(server,
          "/api/session", "Authorization", "Bearer " + token).statusCode(), code -> code == 200);
      try (Socket operator = Socket.open(server, "Bearer " + token)) {
        operator.send(new JsonObject().put("type", "send").put("address", Addresses.CAMERA_CONTROL).put("body", GRAY)
            .put("replyAddress", "y"));
        assertThat(operator.until(m -> "y".equals(m.getString("address"))).getJsonObject("body")
            .getBoolean("grayscale")).isTrue();
      }
      // no credentials: no socket at all
      assertThat(SecuredServer.get(server, "/eventbus/info").statusCode()).isEqualTo(401);
    }
  }

  /** The SockJS bridge's raw WebSocket endpoint, one JSON object per text frame. */
  static final class Socket implements AutoCloseable, WebSocket.Listener {
    private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    private final JsonFrames frames = new JsonFrames(received::add);
    private WebSocket ws;

    static Socket open(TestServer server, String authorization) {
      Socket socket = new Socket();
      socket.ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", authorization)
          .connectTimeout(Duration.ofSeconds(10))
          .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/eventbus/websocket"), socket).join();
      return socket;
    }

    static boolean refusedOrLetIn(TestServer server, String authorization) {
      try {
        open(server, authorization).close();
        return true;
      } catch (java.util.concurrent.CompletionException e) {
        return e.getCause() instanceof java.net.http.WebSocketHandshakeException handshake
            && handshake.getResponse().statusCode() == 401;
      }
    }

    void send(JsonObject message) {
      ws.sendText(message.encode(), true).join();
    }

    JsonObject next() throws InterruptedException {
      JsonObject message = received.poll(20, TimeUnit.SECONDS);
      assertThat(message).as("a bridge message within 20 s").isNotNull();
      return message;
    }

    JsonObject until(java.util.function.Predicate<JsonObject> match) throws InterruptedException {
      for (int i = 0; i < 50; i++) {
        JsonObject message = next();
        if (match.test(message)) {
          return message;
        }
      }
      throw new AssertionError("no matching message");
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      frames.text(data, last);
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
      frames.binary(data, last);
      webSocket.request(1);
      return null;
    }

    @Override
    public void close() {
      ws.abort();
    }
  }
}
