package io.camstream.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.light.RecordingDeviceFactory;
import io.camstream.testing.CameraState;
import io.camstream.testing.Http;
import io.camstream.testing.Poll;
import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole server started with the old server's config.txt as its --config file: the
 * settings must show in what the routes do, not only in the parsed values. What the loader
 * concludes from each line, and the light the file describes, are OldConfigTxtSettingsTest.
 */
class OldConfigTxtServerTest {
  @TempDir
  Path dir;

  @BeforeEach
  void reset() {
    RecordingDeviceFactory.reset();
  }

  /** The old server's config.txt.example, comments and all, with the values filled in. */
  static String example(String camera, String light, String lighttype, String numlights, String tty, String baud,
      String userkey) {
    return """
        ### Example configuration file for the server ###
        # The headings in brackets define sections of the file for different settings (aka, very much needed)

        ## Main Settings ##

        [SETTINGS]

        # Here we set the camera type, which enables/disables features on the server depending on what the camera can support
        # If we don't set a value here, the server will go with "default"
        # Currently supported cameras and their values are:
        # Raspberry Pi Camera : Pi or PiCamera
        # Cameras with adjustable focus : LiquidLens
        # OpenCV supported Cameras : default
        camera = %s

        # Does the device have a light we want to be able to control?
        # True or False
        light = %s

        # Optional, but required if light is set to true
        # Valid options are neopixel and trinket
        lighttype = %s

        # Optional, but required if lighttype is set to neopixel
        # Defaults to 1
        numlights = %s

        # Optional, used to override default if lighttype is set to trinket
        # Defaults to /dev/serial0
        tty = %s

        # Optional, used to override default if lighttype is set to trinket (would also need to set tty then)
        # Defaults to 9600
        baud = %s

        ## Access Settings ##

        [KEYS]

        # Currently used to allow user to reboot or turn off the server if running on a Linux system
        userkey = %s
        """.formatted(camera, light, lighttype, numlights, tty, baud, userkey);
  }

  private Path configTxt(String text) throws Exception {
    return Files.writeString(dir.resolve("config.txt"), text);
  }

  private static void assertOk(TestServer server, String route) {
    HttpResponse<String> response = Http.get(server.url(route));
    assertThat(response.statusCode()).as("GET %s: %s", route, response.body()).isEqualTo(200);
  }

  /** A file that sets every section: its camera, light and key each change what a route does. */
  @Test
  void aFocusableCameraATrinketAndTheUserkeyShowInTheRoutes() throws Exception {
    Path marker = dir.resolve("rebooted");
    Path file = configTxt(example("LiquidLens", "true", "trinket", "", "/dev/ttyOLD3", "115200", "old-key%%1"));
    try (TestServer server = TestServer.start(file, Map.of(), Map.of("light.retryInitialMillis", "50",
        "light.retryMaxMillis", "200", "system.commandsInContainer", "true", "system.rebootCommand", "touch " + marker))) {
      assertOk(server, "/autofocus?status=true");
      assertOk(server, "/set_focus?value=0.4");
      assertOk(server, "/step_focus?direction=-1");
      JsonObject focus = CameraState.of(server).getJsonObject("focus");
      assertThat(focus.getBoolean("available")).isTrue();
      assertThat(focus.getDouble("value")).isCloseTo(0.35, org.assertj.core.data.Offset.offset(1e-9));

      assertOk(server, "/set_color?value=FF8800");
      assertThat(RecordingDeviceFactory.lastSerialPort()).isEqualTo("/dev/ttyOLD3");
      assertThat(RecordingDeviceFactory.lastBaud()).isEqualTo(115200);
      assertThat(RecordingDeviceFactory.serialWrittenText()).endsWith("FF8800FF");
      assertThat(RecordingDeviceFactory.serialWriteThreads()).as("the server writes to the light off the event loops")
          .isNotEmpty().noneMatch(name -> name.contains("eventloop"));

      String data = server.url("/get_controller_data");
      HttpResponse<String> nothingYet = Http.get(data);
      assertThat(nothingYet.statusCode()).isEqualTo(200);
      assertThat(nothingYet.body()).as("nothing received yet").isEmpty();
      RecordingDeviceFactory.controllerSends("temp=21.5\r\nhumidity=40\n");
      Poll.until(Duration.ofSeconds(20), "the controller's newest line at " + data, () -> Http.get(data).body()
          .equals("humidity=40"));
      assertThat(Http.get(data).headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
          .startsWith("text/plain"));
      assertThat(new JsonObject(Http.get(server.url("/api/light")).body()).getString("controllerData"))
          .isEqualTo("humidity=40");

      assertThat(Http.get(server.url("/reboot?key=wrong")).statusCode()).isEqualTo(401);
      assertThat(marker).doesNotExist();
      // configparser reads %% as %
      assertThat(Http.get(server.url("/reboot?key=old-key%251")).statusCode()).isEqualTo(200);
      assertThat(marker).exists();
    }
  }

  /** The old default: a camera that cannot focus and no light, so those routes answer 403. */
  @Test
  void anEmptyFileKeepsTheDefaultCameraWhichCannotFocusAndNoLight() throws Exception {
    Path file = configTxt(example("", "", "", "", "", "", ""));
    try (TestServer server = TestServer.start(file, Map.of(), Map.of())) {
      assertThat(Http.get(server.url("/set_focus?value=0.4")).statusCode()).isEqualTo(403);
      for (String path : List.of("/light?status=false", "/light?status=true", "/light?status=maybe",
          "/set_brightness?value=10", "/set_brightness?value=abc", "/set_color?value=FF0000",
          "/set_color?value=1", "/get_controller_data", "/api/light")) {
        HttpResponse<String> response = Http.get(server.url(path));
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(403);
        assertThat(response.body()).as(path).contains("light.type");
      }
      HttpResponse<String> post = Http.postJson(server.url("/api/light"), "{\"action\":\"power\",\"on\":true}");
      assertThat(post.statusCode()).isEqualTo(403);
      HttpResponse<String> state = Http.get(server.url("/api/state"));
      assertThat(state.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(state.body()).getValue("light")).isNull();
    }
  }
}
