package io.camstream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.auth.Role;
import io.camstream.bus.Addresses;
import io.camstream.testing.ClassWideServer;
import io.camstream.testing.Http;
import io.camstream.testing.SecuredServer;
import io.camstream.testing.TcpBridgeClient;
import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The smaller holes of issue 13 item 11, each tried from outside. */
class SmallHolesTest {
  private static final int TCP_BRIDGE_PORT = TestServer.freePort();
  /** Sign-in on, and only two host names answered. */
  @RegisterExtension
  static final ClassWideServer secured = ClassWideServer.secured(
      Map.of("server.allowedHosts", "camera.local, 127.0.0.1"));
  /** Open, any host name, the TCP bridge on. */
  @RegisterExtension
  static final ClassWideServer open = ClassWideServer.open(Map.of("bridge.tcpEnabled", "true",
      "bridge.tcpHost", "127.0.0.1", "bridge.tcpPort", String.valueOf(TCP_BRIDGE_PORT)));

  @Test
  void patchingAnUnknownUserIs404() {
    TestServer server = secured.get();
    for (String body : new String[] {"{}", "{\"role\":\"viewer\"}", "{\"color\":\"blue\"}"}) {
      HttpResponse<String> answer = Http.send(SecuredServer.request(server, "/api/users/nobody")
          .header("Authorization", SecuredServer.basic(Role.ADMIN)).header("Content-Type", "application/json")
          .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(body).isEqualTo(404);
      assertThat(answer.body()).contains("no user nobody");
    }
  }

  @Test
  void aBridgeControlBodyThatIsNotAnObjectGetsAnErrorReply() throws Exception {
    try (TcpBridgeClient client = new TcpBridgeClient(TCP_BRIDGE_PORT)) {
      int n = 0;
      for (Object body : new Object[] {"grayscale", 7, new io.vertx.core.json.JsonArray().add("x")}) {
        String reply = "r" + n++;
        client.write(new JsonObject().put("type", "send").put("address", Addresses.CAMERA_CONTROL)
            .put("replyAddress", reply).put("body", body));
        JsonObject answer = client.readUntil(m -> reply.equals(m.getString("address")), 20);
        assertThat(answer.getString("type")).isEqualTo("err");
        assertThat(answer.getInteger("failureCode")).isEqualTo(400);
        assertThat(answer.getString("message")).contains("JSON object");
      }
      // the camera still answers
      client.send(Addresses.CAMERA_CONTROL, new JsonObject().put("action", "get"), "ok");
      assertThat(client.readUntil(m -> "ok".equals(m.getString("address")), 20).getString("type")).isEqualTo("message");
    }
  }

  @Test
  void sockJsJsonpAndHtmlfileTransportsAreOff() {
    TestServer server = open.get();
    for (String transport : new String[] {"jsonp?c=x", "htmlfile?c=callback", "jsonp?c=%3Cscript%3E"}) {
      int status = Http.get(server.url("/eventbus/000/abcdefgh/" + transport)).statusCode();
      assertThat(status).as(transport).isEqualTo(404);
    }
    assertThat(Http.get(server.url("/eventbus/info")).statusCode()).isEqualTo(200);
  }

  @Test
  void onlyTheAllowedHostNamesAreAnswered() throws Exception {
    TestServer server = secured.get();
    String viewer = SecuredServer.basic(Role.VIEWER);
    assertThat(rawGet(server, "evil.example.com", viewer)).startsWith("HTTP/1.1 400").contains("server.allowedHosts");
    assertThat(rawGet(server, "camera.local:" + server.port(), viewer)).startsWith("HTTP/1.1 200");
    assertThat(rawGet(server, "CAMERA.LOCAL", viewer)).startsWith("HTTP/1.1 200");
    assertThat(SecuredServer.as(Role.VIEWER, server, "/api/state").statusCode()).isEqualTo(200);

    assertThat(rawGet(open.get(), "evil.example.com", null)).as("default: any host").startsWith("HTTP/1.1 200");
  }

  @Test
  void mediaFilesArePrivateToTheCacheWhenSignInIsOn() throws Exception {
    TestServer server = secured.get();
    var snapshot = Http.send(SecuredServer.request(server, "/snapshot?filename=holes")
        .header("Authorization", SecuredServer.basic(Role.OPERATOR)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(snapshot.statusCode()).as(snapshot.body()).isLessThan(300);
    String name;
    try (var files = Files.list(server.mediaDir())) {
      name = files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".jpg")).findFirst().orElseThrow();
    }
    var file = SecuredServer.as(Role.VIEWER, server, "/media/" + name);
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.headers().firstValue("Cache-Control")).as("no shared cache keeps it").hasValue("private, no-cache");
  }

  /** GET /api/state with the given Host header (and credentials, when not null) on a raw socket. */
  private static String rawGet(TestServer server, String host, String authorization) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      String credentials = authorization == null ? "" : "Authorization: " + authorization + "\r\n";
      out.write(("GET /api/state HTTP/1.1\r\nHost: " + host + "\r\n" + credentials + "Connection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
