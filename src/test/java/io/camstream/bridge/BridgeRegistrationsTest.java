package io.camstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.bus.Addresses;
import io.camstream.testing.JsonFrames;
import io.camstream.testing.Poll;
import io.camstream.testing.TcpBridgeClient;
import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A bridge client cannot pile up event-bus consumers: a repeated register is refused with a
 * clear error, registrations per socket are capped, and a closed socket leaves none behind.
 * Consumers are counted from outside by how many deliveries one publish makes on the bus.
 */
class BridgeRegistrationsTest {
  private static final int REPEATS = 5000;

  private static TestServer start() {
    return TestServer.start(Map.of("bridge.tcpEnabled", "true", "bridge.tcpHost", "127.0.0.1",
        "bridge.tcpPort", String.valueOf(TestServer.freePort()), "bridge.maxRegistrationsPerSocket", "2"));
  }

  @Test
  void repeatedTcpRegistersAddNoConsumerAndCloseRemovesThemAll() throws Exception {
    try (TestServer server = start()) {
      Deliveries deliveries = new Deliveries(server);
      int baseline = deliveries.ofOnePublish();
      long heapBefore = usedHeap();
      TcpBridgeClient client = new TcpBridgeClient(TcpBridgeTest.bridgePort(server));
      for (int i = 0; i < REPEATS; i++) {
        client.register(Addresses.MEDIA_EVENTS);
      }
      // answers come in order, so the pong says every register was handled
      client.write(new JsonObject().put("type", "ping"));
      List<JsonObject> answers = new java.util.ArrayList<>();
      for (JsonObject m = client.read(); !"pong".equals(m.getString("type")); m = client.read()) {
        answers.add(m);
      }
      int registered = deliveries.ofOnePublish();
      System.out.println("TCP: " + REPEATS + " registers of one address -> consumers added: " + (registered - baseline)
          + ", heap grew " + (usedHeap() - heapBefore) / 1024 + " KB");
      assertThat(registered - baseline).as("consumers added by one socket").isEqualTo(1);
      assertThat(answers).filteredOn(m -> "err".equals(m.getString("type"))
          && m.getString("message").contains("already registered on " + Addresses.MEDIA_EVENTS)).hasSize(REPEATS - 1);

      client.register(Addresses.CAMERA_STATE);
      client.register(Addresses.LIGHT_STATE);
      JsonObject overCap = client.readUntil(m -> "err".equals(m.getString("type"))
          && m.getString("message", "").contains("bridge.maxRegistrationsPerSocket"), 20);
      assertThat(overCap.getString("message")).contains("2");

      client.close();
      Poll.until(Duration.ofSeconds(5), "consumers of the closed socket gone", deliveries::ofOnePublish, n -> n == baseline);
    }
  }

  @Test
  void repeatedSockJsRegistersAddNoConsumerAndCloseRemovesThemAll() throws Exception {
    try (TestServer server = start()) {
      Deliveries deliveries = new Deliveries(server);
      int baseline = deliveries.ofOnePublish();
      List<JsonObject> received = new CopyOnWriteArrayList<>();
      WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create(server.url("/eventbus/websocket").replace("http:", "ws:")), new WebSocket.Listener() {
            private final JsonFrames frames = new JsonFrames(received::add);

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
              frames.text(data, last);
              socket.request(1);
              return null;
            }
          }).get(10, TimeUnit.SECONDS);
      String register = new JsonObject().put("type", "register").put("address", Addresses.MEDIA_EVENTS).encode();
      for (int i = 0; i < 500; i++) {
        ws.sendText(register, true).get(10, TimeUnit.SECONDS);
      }
      Poll.until(Duration.ofSeconds(20), "499 refusals", () -> received.stream()
          .filter(m -> "err".equals(m.getString("type")) && m.getString("body").contains("already registered")).count(),
          n -> n == 499);
      assertThat(deliveries.ofOnePublish() - baseline).isEqualTo(1);
      ws.sendText(new JsonObject().put("type", "register").put("address", Addresses.CAMERA_STATE).encode(), true);
      ws.sendText(new JsonObject().put("type", "register").put("address", Addresses.LIGHT_STATE).encode(), true);
      Poll.until(Duration.ofSeconds(10), "a refusal over the cap", () -> received.stream()
          .filter(m -> "err".equals(m.getString("type")) && m.getString("body").contains("bridge.maxRegistrationsPerSocket"))
          .count(), n -> n == 1L);
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
      Poll.until(Duration.ofSeconds(5), "consumers of the closed socket gone", deliveries::ofOnePublish, n -> n == baseline);
    }
  }

  private static long usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  /** Counts how many consumers one publish on the media events address reaches. */
  private static final class Deliveries {
    private final TestServer server;
    private final AtomicInteger probe = new AtomicInteger();
    private final Map<Integer, AtomicInteger> counts = new java.util.concurrent.ConcurrentHashMap<>();

    Deliveries(TestServer server) {
      this.server = server;
      server.vertx().eventBus().addInboundInterceptor(context -> {
        if (context.message().body() instanceof JsonObject body && body.containsKey("bridgeTestProbe")) {
          counts.computeIfAbsent(body.getInteger("bridgeTestProbe"), k -> new AtomicInteger()).incrementAndGet();
        }
        context.next();
      });
    }

    int ofOnePublish() {
      int id = probe.incrementAndGet();
      server.vertx().eventBus().publish(Addresses.MEDIA_EVENTS, new JsonObject().put("bridgeTestProbe", id));
      // deliveries are queued on the consumers' event loops; wait until the count stops growing
      int[] last = {-1};
      return Poll.until(Duration.ofSeconds(10), "deliveries settled", () -> {
        int now = counts.getOrDefault(id, new AtomicInteger()).get();
        boolean settled = now == last[0] && now > 0;
        last[0] = now;
        return settled ? now : -1;
      }, n -> n >= 0);
    }
  }
}
