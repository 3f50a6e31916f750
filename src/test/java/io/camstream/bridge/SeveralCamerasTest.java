package io.camstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.auth.Role;
import io.camstream.bus.Addresses;
import io.camstream.testing.Http;
import io.camstream.testing.MjpegTestClient;
import io.camstream.testing.Poll;
import io.camstream.testing.SecuredServer;
import io.camstream.testing.TcpBridgeClient;
import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three cameras in one whole server (the test pattern and two ffmpeg pipes) through HTTP and
 * both bridges, with the roles of the default camera's routes and addresses.
 */
class SeveralCamerasTest {
  private static final JsonObject GRAY = new JsonObject().put("action", "grayscale").put("enabled", true);
  /** Each camera its own picture size, so a stream shows whose pictures it carries. */
  private static final Map<String, Integer> WIDTHS = Map.of("default", 320, "yard", 160, "door", 240);
  /** What the TCP bridge answers a message its role may not send. */
  private static final String REFUSED = "blocked by bridgeEvent handler";
  /** What it answers for an address outside the allow-list, whatever the role. */
  private static final String NOT_PERMITTED = "access_denied";

  @TempDir
  static Path dir;
  private static TestServer server;

  private static String ffmpeg(int width, int height) {
    return "pipe:ffmpeg -hide_banner -loglevel error -re -f lavfi -i testsrc2=size=" + width + "x" + height
        + ":rate=15 -c:v mjpeg -q:v 5 -f mjpeg -";
  }

  @BeforeAll
  static void start() {
    Map<String, String> settings = new LinkedHashMap<>();
    // the stream client sends no credentials: anonymous visitors watch, as viewers
    settings.put("auth.allowAnonymousViewers", "true");
    settings.put("bridge.tcpEnabled", "true");
    settings.put("bridge.tcpHost", "127.0.0.1");
    settings.put("bridge.tcpPort", String.valueOf(TestServer.freePort()));
    settings.put("cameras.yard.source", ffmpeg(160, 120));
    settings.put("cameras.door.source", ffmpeg(240, 180));
    settings.put("cameras.door.name", "Front door");
    server = SecuredServer.start(dir, settings);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static HttpResponse<String> send(Role role, String method, String path, String json) {
    HttpRequest.Builder request = SecuredServer.request(server, path).header("Authorization", SecuredServer.basic(role))
        .header("Content-Type", "application/json");
    request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    return Http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void everyCameraIsListedAndStreamsItsOwnPictures() throws Exception {
    HttpResponse<String> listed = SecuredServer.as(Role.VIEWER, server, "/cameras");
    assertThat(listed.statusCode()).isEqualTo(200);
    JsonArray cameras = new JsonArray(listed.body());
    assertThat(cameras.stream().map(c -> ((JsonObject) c).getString("id"))).containsExactly("default", "yard", "door");
    JsonObject door = cameras.getJsonObject(2);
    assertThat(door.getString("name")).isEqualTo("Front door");
    assertThat(door.getString("videoFeed")).isEqualTo("/cameras/door/video_feed");
    assertThat(door.getString("frame")).isEqualTo("/cameras/door/frame.jpg");
    assertThat(door.getString("api")).isEqualTo("/api/cameras/door");
    assertThat(cameras.getJsonObject(0).getBoolean("default")).isTrue();

    for (String id : List.of("default", "yard", "door")) {
      try (MjpegTestClient client = new MjpegTestClient(server.url("/cameras/" + id + "/video_feed"))) {
        for (int i = 0; i < 3; i++) {
          BufferedImage picture = ImageIO.read(new ByteArrayInputStream(client.next().jpeg()));
          assertThat(picture.getWidth()).as("a picture of camera " + id).isEqualTo(WIDTHS.get(id));
        }
      }
      HttpResponse<byte[]> still = Http.send(SecuredServer.request(server, "/cameras/" + id + "/frame.jpg")
          .header("Authorization", SecuredServer.basic(Role.VIEWER)).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(still.statusCode()).isEqualTo(200);
      assertThat(ImageIO.read(new ByteArrayInputStream(still.body())).getWidth()).isEqualTo(WIDTHS.get(id));
    }
    Poll.until(Duration.ofSeconds(20), "every camera's status in the list", () -> new JsonArray(
        SecuredServer.as(Role.VIEWER, server, "/cameras").body()).stream()
        .allMatch(c -> List.of("streaming", "idle").contains(((JsonObject) c).getString("status"))));

    HttpResponse<String> unknown = SecuredServer.as(Role.VIEWER, server, "/cameras/garage/video_feed");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(unknown.body()).getJsonArray("cameras")).containsExactly("default", "yard", "door");
    assertThat(new JsonObject(unknown.body()).getString("error")).contains("garage").contains("default, yard, door");
    assertThat(SecuredServer.as(Role.VIEWER, server, "/api/cameras/garage").statusCode()).isEqualTo(404);
  }

  @Test
  void eachCameraIsControlledAloneWithTheDefaultCamerasRoles() {
    assertThat(send(Role.VIEWER, "POST", "/api/cameras/yard", GRAY.encode()).statusCode()).isEqualTo(403);
    HttpResponse<String> changed = send(Role.OPERATOR, "POST", "/api/cameras/yard", GRAY.encode());
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(changed.body()).getBoolean("grayscale")).isTrue();
    assertThat(new JsonObject(SecuredServer.as(Role.VIEWER, server, "/api/cameras/yard").body()).getString("camera"))
        .isEqualTo("yard");
    assertThat(SecuredServer.grayscale(server)).as("the default camera is untouched").isFalse();
    assertThat(new JsonObject(SecuredServer.as(Role.VIEWER, server, "/api/cameras/door").body()).getBoolean("grayscale"))
        .isFalse();
    HttpResponse<String> bad = send(Role.OPERATOR, "POST", "/api/cameras/door", "{\"action\": \"focus\", \"value\": 0.3}");
    assertThat(bad.statusCode()).as("the same refusal as /api/camera").isEqualTo(403);
    assertThat(send(Role.OPERATOR, "POST", "/api/cameras/yard", GRAY.copy().put("enabled", false).encode()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void eachCameraTakesSnapshotsAndRecordsAtTheSameTimeAsTheOthers() {
    assertThat(send(Role.VIEWER, "POST", "/api/cameras/door/snapshot", "{\"filename\": \"door-1\"}").statusCode())
        .isEqualTo(403);
    HttpResponse<String> snapshot = send(Role.OPERATOR, "POST", "/api/cameras/door/snapshot", "{\"filename\": \"door-1\"}");
    assertThat(snapshot.statusCode()).as(snapshot.body()).isEqualTo(200);
    assertThat(new JsonObject(snapshot.body()).getInteger("width")).isEqualTo(WIDTHS.get("door"));
    assertThat(send(Role.OPERATOR, "POST", "/api/cameras/door/snapshot", "{\"filename\": \"../x\"}").statusCode())
        .isEqualTo(400);
    for (String id : List.of("yard", "door")) {
      HttpResponse<String> started = send(Role.OPERATOR, "POST", "/api/cameras/" + id + "/recording",
          "{\"action\": \"start\", \"filename\": \"clip-" + id + "\"}");
      assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    }
    Poll.until(Duration.ofSeconds(20), "both recordings to hold frames", () -> List.of("yard", "door").stream()
        .allMatch(id -> new JsonObject(SecuredServer.as(Role.VIEWER, server, "/api/cameras/" + id + "/recording").body())
            .getLong("frames", 0L) > 5));
    assertThat(new JsonObject(SecuredServer.as(Role.VIEWER, server, "/api/recording").body()).getBoolean("recording"))
        .as("the default camera does not record").isFalse();
    for (String id : List.of("yard", "door")) {
      assertThat(send(Role.OPERATOR, "POST", "/api/cameras/" + id + "/recording", "{\"action\": \"stop\"}").statusCode())
          .isEqualTo(200);
    }
    JsonObject doors = new JsonObject(SecuredServer.as(Role.VIEWER, server, "/api/media?camera=door").body());
    assertThat(doors.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("filename")))
        .containsExactlyInAnyOrder("door-1.jpg", "clip-door.avi");
    assertThat(SecuredServer.as(Role.VIEWER, server, "/api/media?camera=no%20such").statusCode()).isEqualTo(400);
  }

  @Test
  void onlyAnAdminAddsAndRemovesACamera() {
    String gate = "{\"id\": \"gate\", \"name\": \"Gate\", \"source\": \"test\", \"width\": 200, \"height\": 150}";
    assertThat(send(Role.OPERATOR, "POST", "/api/cameras", gate).statusCode()).isEqualTo(403);
    HttpResponse<String> bad = send(Role.ADMIN, "POST", "/api/cameras", "{\"id\": \"gate\", \"source\": \"webcam\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(bad.body()).getString("error")).contains("cameras.gate.source").contains("auto, test");
    HttpResponse<String> added = send(Role.ADMIN, "POST", "/api/cameras", gate);
    assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
    assertThat(new JsonObject(added.body()).getJsonObject("saved").getBoolean("written")).isFalse();
    HttpResponse<byte[]> still = Http.send(SecuredServer.request(server, "/cameras/gate/frame.jpg")
        .header("Authorization", SecuredServer.basic(Role.VIEWER)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(still.statusCode()).isEqualTo(200);
    assertThat(send(Role.ADMIN, "POST", "/api/cameras", gate).statusCode()).as("added twice").isEqualTo(409);

    assertThat(send(Role.OPERATOR, "DELETE", "/api/cameras/gate", null).statusCode()).isEqualTo(403);
    assertThat(send(Role.ADMIN, "DELETE", "/api/cameras/gate", null).statusCode()).isEqualTo(200);
    assertThat(SecuredServer.as(Role.VIEWER, server, "/cameras/gate/frame.jpg").statusCode()).isEqualTo(404);
    assertThat(send(Role.ADMIN, "DELETE", "/api/cameras/default", null).statusCode()).isEqualTo(409);
  }

  @Test
  void theTcpBridgeCarriesEveryCamerasAddressesWithTheDefaultCamerasRoles() throws Exception {
    int port = server.app().config().getJsonObject("bridge").getInteger("tcpPort");
    try (TcpBridgeClient viewer = new TcpBridgeClient(port)) {
      viewer.write(new JsonObject().put("type", "register").put("address", Addresses.cameraState("door"))
          .put("headers", new JsonObject().put("authorization", SecuredServer.basic(Role.VIEWER))));
      assertThat(viewer.readUntil(m -> "message".equals(m.getString("type")), 20).getJsonObject("body")
          .getString("camera")).isEqualTo("door");
      viewer.register(Addresses.CAMERAS);
      assertThat(viewer.readUntil(m -> Addresses.CAMERAS.equals(m.getString("address")), 50).getJsonObject("body")
          .getJsonArray("cameras").size()).isGreaterThanOrEqualTo(3);
      viewer.send(Addresses.cameraControl("door"), GRAY, "v1");
      assertThat(viewer.readUntil(m -> "err".equals(m.getString("type")), 50).getString("message")).isEqualTo(REFUSED);
      viewer.register(Addresses.frames("door"));
      assertThat(viewer.readUntil(m -> "err".equals(m.getString("type")), 50).getString("message"))
          .as("frames are never bridged").isEqualTo(NOT_PERMITTED);
    }
    try (TcpBridgeClient operator = new TcpBridgeClient(port)) {
      operator.write(new JsonObject().put("type", "send").put("address", Addresses.cameraControl("door"))
          .put("body", new JsonObject().put("action", "get")).put("replyAddress", "o1")
          .put("headers", new JsonObject().put("authorization", SecuredServer.basic(Role.OPERATOR))));
      assertThat(operator.readUntil(m -> "o1".equals(m.getString("address")), 50).getJsonObject("body")
          .getString("camera")).isEqualTo("door");
      operator.send(Addresses.CAMERAS_CONTROL, new JsonObject().put("action", "remove").put("id", "door"), "o2");
      assertThat(operator.readUntil(m -> "err".equals(m.getString("type")), 50).getString("message"))
          .as("cameras are added and removed over HTTP only").isEqualTo(NOT_PERMITTED);
    }
  }

  @Test
  void theSockJsBridgeCarriesEveryCamerasAddressesWithTheDefaultCamerasRoles() throws Exception {
    // a WebSocket handshake waits for no password check: the first one may be refused until it is known
    Poll.until(Duration.ofSeconds(20), "the viewer's credentials to be checked once",
        () -> SecuredServer.as(Role.VIEWER, server, "/api/session").statusCode() == 200
            && SecuredServer.as(Role.OPERATOR, server, "/api/session").statusCode() == 200);
    try (BridgeRolesTest.Socket viewer = BridgeRolesTest.Socket.open(server, SecuredServer.basic(Role.VIEWER))) {
      viewer.send(new JsonObject().put("type", "register").put("address", Addresses.cameraState("yard")));
      assertThat(viewer.until(m -> Addresses.cameraState("yard").equals(m.getString("address")))
          .getJsonObject("body").getString("camera")).isEqualTo("yard");
      viewer.send(new JsonObject().put("type", "send").put("address", Addresses.cameraControl("yard")).put("body", GRAY)
          .put("replyAddress", "x"));
      assertThat(viewer.until(m -> "err".equals(m.getString("type"))).getString("body")).isEqualTo("rejected");
    }
    try (BridgeRolesTest.Socket operator = BridgeRolesTest.Socket.open(server, SecuredServer.basic(Role.OPERATOR))) {
      operator.send(new JsonObject().put("type", "send").put("address", Addresses.cameraControl("yard"))
          .put("body", new JsonObject().put("action", "get")).put("replyAddress", "y"));
      assertThat(operator.until(m -> "y".equals(m.getString("address"))).getJsonObject("body").getString("camera"))
          .isEqualTo("yard");
    }
  }
}
