package io.camstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.bus.Addresses;
import io.camstream.testing.Http;
import io.camstream.testing.TcpBridgeClient;
import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TcpBridgeTest {

  static TestServer start() {
    return TestServer.start(Map.of("bridge.tcpEnabled", "true", "bridge.tcpHost", "127.0.0.1",
        "bridge.tcpPort", String.valueOf(TestServer.freePort())));
  }

  static int bridgePort(TestServer server) {
    return server.app().config().getJsonObject("bridge").getInteger("tcpPort");
  }

  @Test
  void aClientGetsTheStateAtOnceDrivesTheCameraAndSeesTheChange() throws Exception {
    try (TestServer server = start(); TcpBridgeClient client = new TcpBridgeClient(bridgePort(server))) {
      client.register(Addresses.CAMERA_STATE);
      JsonObject initial = client.read();
      assertThat(initial.getString("type")).isEqualTo("message");
      assertThat(initial.getString("address")).isEqualTo(Addresses.CAMERA_STATE);
      assertThat(initial.getJsonObject("body").getBoolean("grayscale")).isFalse();

      client.send(Addresses.CAMERA_CONTROL, new JsonObject().put("action", "grayscale").put("enabled", true), "r1");
      // the reply and the published state may arrive in either order
      boolean replied = false;
      boolean published = false;
      for (int i = 0; i < 50 && !(replied && published); i++) {
        JsonObject message = client.read();
        if ("r1".equals(message.getString("address"))) {
          assertThat(message.getJsonObject("body").getBoolean("grayscale")).isTrue();
          replied = true;
        } else if (Addresses.CAMERA_STATE.equals(message.getString("address"))
            && message.getJsonObject("body").getBoolean("grayscale")) {
          published = true;
        }
      }
      assertThat(replied).as("reply with the new state").isTrue();
      assertThat(published).as("new state published to the subscriber").isTrue();
      assertThat(new JsonObject(Http.get(server.url("/api/camera")).body()).getBoolean("grayscale")).isTrue();

      // the same validation as the HTTP routes, as a failure reply with a code
      client.send(Addresses.CAMERA_CONTROL, new JsonObject().put("action", "focus").put("value", 0.5), "r2");
      JsonObject refused = client.readUntil(m -> "err".equals(m.getString("type")), 50);
      assertThat(refused.getInteger("failureCode")).isEqualTo(403);
      assertThat(refused.getString("message")).contains("cannot focus");
      client.send(Addresses.CAMERA_CONTROL, new JsonObject().put("action", "grayscale").put("enabled", 3), "r3");
      JsonObject bad = client.readUntil(m -> "err".equals(m.getString("type")), 50);
      assertThat(bad.getInteger("failureCode")).isEqualTo(400);
    }
  }

  @Test
  void framesAndInternalAddressesAreRefused() throws Exception {
    try (TestServer server = start(); TcpBridgeClient client = new TcpBridgeClient(bridgePort(server))) {
      for (String address : new String[] {Addresses.FRAMES, Addresses.CAMERA_DEMAND, Addresses.MEDIA_CONTROL, "anything"}) {
        client.register(address);
        JsonObject denied = client.read();
        assertThat(denied.getString("type")).as(address).isEqualTo("err");
        assertThat(denied.getString("message")).as(address).isEqualTo("access_denied");
      }
      client.send(Addresses.CAMERA_DEMAND, new JsonObject().put("holder", "evil").put("count", 1), "x");
      assertThat(client.read().getString("message")).isEqualTo("access_denied");
      client.write(new JsonObject().put("type", "publish").put("address", Addresses.CAMERA_STATE).put("body", new JsonObject()));
      assertThat(client.read().getString("message")).isEqualTo("access_denied");
      assertThat(new JsonObject(Http.get(server.url("/api/camera")).body()).getLong("consumers")).isZero();
    }
  }

  @Test
  void twoHundredClientsAllReceiveEveryStateChange() throws Exception {
    try (TestServer server = start()) {
      int count = 200;
      List<TcpBridgeClient> clients = new ArrayList<>();
      try {
        for (int i = 0; i < count; i++) {
          TcpBridgeClient client = new TcpBridgeClient(bridgePort(server));
          client.register(Addresses.CAMERA_STATE);
          clients.add(client);
        }
        for (TcpBridgeClient client : clients) {
          client.read();
        }
        ExecutorService pool = Executors.newFixedThreadPool(count);
        List<Future<List<Boolean>>> seen = new ArrayList<>();
        for (TcpBridgeClient client : clients) {
          seen.add(pool.submit(() -> {
            List<Boolean> changes = new ArrayList<>();
            Boolean last = false;
            while (changes.size() < 6) {
              JsonObject message = client.read();
              Boolean gray = message.getJsonObject("body").getBoolean("grayscale");
              if (!gray.equals(last)) {
                changes.add(gray);
                last = gray;
              }
            }
            return changes;
          }));
        }
        for (int i = 0; i < 6; i++) {
          Http.get(server.url("/grayscale?status=" + (i % 2 == 1)));
        }
        for (Future<List<Boolean>> changes : seen) {
          assertThat(changes.get(60, TimeUnit.SECONDS)).containsExactly(true, false, true, false, true, false);
        }
        pool.shutdownNow();
      } finally {
        for (TcpBridgeClient client : clients) {
          client.close();
        }
      }
    }
  }

  @Test
  void aClientAnnouncingAnOversizedFrameIsCutOffWithoutHurtingOthers() throws Exception {
    try (TestServer server = start(); TcpBridgeClient good = new TcpBridgeClient(bridgePort(server));
        java.net.Socket evil = new java.net.Socket("127.0.0.1", bridgePort(server))) {
      evil.setSoTimeout(10_000);
      java.io.DataOutputStream out = new java.io.DataOutputStream(evil.getOutputStream());
      out.writeInt(512 * 1024 * 1024);
      out.write(new byte[64 * 1024]);
      out.flush();
      assertThat(evil.getInputStream().read()).as("the server closes the connection").isEqualTo(-1);

      good.register(Addresses.CAMERA_STATE);
      assertThat(good.read().getString("address")).isEqualTo(Addresses.CAMERA_STATE);
      // a frame just under the cap still goes through
      String padding = "x".repeat(60 * 1024);
      good.send(Addresses.CAMERA_CONTROL, new JsonObject().put("action", "get").put("padding", padding), "big");
      assertThat(good.readUntil(m -> "big".equals(m.getString("address")), 50).getJsonObject("body")
          .getString("source")).isEqualTo("test");
    }
  }
}
