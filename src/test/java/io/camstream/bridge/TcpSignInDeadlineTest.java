package io.camstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camstream.auth.Role;
import io.camstream.bus.Addresses;
import io.camstream.testing.SecuredServer;
import io.camstream.testing.TcpBridgeClient;
import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.EOFException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TCP bridge connection has bridge.authTimeoutSeconds to sign in; one that did stays. */
class TcpSignInDeadlineTest {
  private static final long DEADLINE_MILLIS = 2000;

  @TempDir
  Path dir;

  @Test
  void aConnectionThatNeverSignsInIsToldWhyAndClosedAfterTheDeadlineNotBefore() throws Exception {
    int port = TestServer.freePort();
    try (TestServer server = SecuredServer.start(dir, Map.of("bridge.tcpEnabled", "true", "bridge.tcpHost", "127.0.0.1",
        "bridge.tcpPort", String.valueOf(port), "bridge.authTimeoutSeconds", String.valueOf(DEADLINE_MILLIS / 1000.0)));
        TcpBridgeClient signedIn = new TcpBridgeClient(port)) {
      signedIn.write(new JsonObject().put("type", "register").put("address", Addresses.CAMERA_STATE)
          .put("headers", new JsonObject().put("authorization", SecuredServer.basic(Role.VIEWER))));
      assertThat(signedIn.read().getString("address")).isEqualTo(Addresses.CAMERA_STATE);

      long start = System.nanoTime();
      try (TcpBridgeClient silent = new TcpBridgeClient(port); TcpBridgeClient anonymous = new TcpBridgeClient(port)) {
        // one sends nothing at all, the other only messages without credentials (refused)
        anonymous.register(Addresses.CAMERA_STATE);
        assertThat(anonymous.read().getString("message")).isEqualTo("blocked by bridgeEvent handler");
        for (TcpBridgeClient client : new TcpBridgeClient[] {silent, anonymous}) {
          JsonObject told = client.read();
          assertThat(told.getString("type")).isEqualTo("err");
          assertThat(told.getString("message")).contains("bridge.authTimeoutSeconds").contains("authorization");
          assertThatThrownBy(client::read).as("the server closed the connection").isInstanceOf(EOFException.class);
        }
        long open = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("an unauthenticated TCP bridge connection was closed after %d ms (deadline %d ms)%n",
            open, DEADLINE_MILLIS);
        assertThat(open).as("ms the anonymous connections stayed open").isGreaterThanOrEqualTo(DEADLINE_MILLIS);
      }
      // signed in before them, so past its own deadline by now: still served
      signedIn.write(new JsonObject().put("type", "ping"));
      assertThat(signedIn.readUntil(m -> "pong".equals(m.getString("type")), 20)).isNotNull();
    }
  }
}
