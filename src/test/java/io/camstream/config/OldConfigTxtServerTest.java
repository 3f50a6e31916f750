package io.camstream.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.light.RecordingDeviceFactory;
import io.camstream.testing.CameraState;
import io.camstream.testing.Http;
import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole server started with the old server's config.txt as its --config file: the
 * settings must show in what the routes do, not only in the parsed values.
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

  private static Map<String, String> with(String... pairs) {
    Map<String, String> settings = new HashMap<>(Map.of("light.retryInitialMillis", "50", "light.retryMaxMillis", "200"));
    for (int i = 0; i < pairs.length; i += 2) {
      settings.put(pairs[i], pairs[i + 1]);
    }
    return settings;
  }

  private static void assertOk(TestServer server, String route) {
    HttpResponse<String> response = Http.get(server.url(route));
    assertThat(response.statusCode()).as("GET %s: %s", route, response.body()).isEqualTo(200);
  }

  @Test
  void liquidLensMakesTheFocusRoutesWork() throws Exception {
    Path file = configTxt(example("LiquidLens", "False", "", "", "", "", ""));
    try (TestServer server = TestServer.start(file, Map.of(), with())) {
      assertOk(server, "/autofocus?status=true");
      assertOk(server, "/set_focus?value=0.4");
      assertOk(server, "/step_focus?direction=-1");
      JsonObject focus = CameraState.of(server).getJsonObject("focus");
      assertThat(focus.getBoolean("available")).isTrue();
      assertThat(focus.getDouble("value")).isCloseTo(0.35, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(Http.get(server.url("/light?status=false")).statusCode()).as("light = False: no light").isEqualTo(403);
    }
  }

  @Test
  void anEmptyCameraKeepsTheDefaultWhichCannotFocus() throws Exception {
    Path file = configTxt(example("", "", "", "", "", "", ""));
    try (TestServer server = TestServer.start(file, Map.of(), with())) {
      assertThat(Http.get(server.url("/set_focus?value=0.4")).statusCode()).isEqualTo(403);
      assertThat(Http.get(server.url("/light?status=false")).statusCode()).isEqualTo(403);
    }
  }

  @Test
  void aNeopixelLightIsDrivenAsTheOldServerWiredIt() throws Exception {
    Path file = configTxt(example("default", "True", "neopixel", "12", "", "", ""));
    try (TestServer server = TestServer.start(file, Map.of(), with())) {
      assertOk(server, "/light?status=false");
      assertOk(server, "/set_color?value=FF8800");
      JsonObject light = new JsonObject(Http.get(server.url("/api/light")).body());
      assertThat(light.getString("driver")).isEqualTo("neopixel");
      assertThat(light.getInteger("pixels")).isEqualTo(12);
      assertThat(light.getString("device")).as("the old server's pin: GPIO 18 with PWM/DMA 10").contains("GPIO 18")
          .contains("DMA 10");
    }
    // the command line still wins: the same file with light.mode=spi drives the strip over SPI
    try (TestServer server = TestServer.start(file, Map.of(), with("light.mode", "spi"))) {
      assertOk(server, "/set_color?value=FF8800");
      assertOk(server, "/light?status=false");
      var writes = RecordingDeviceFactory.spiWrites();
      assertThat(writes).as("SPI writes").isNotEmpty();
      assertThat(writes.get(writes.size() - 1).bytes().length).as("3 SPI bits per bit, 24 bits per pixel, 12 pixels")
          .isGreaterThanOrEqualTo(12 * 24 * 3 / 8);
    }
  }

  @Test
  void aTrinketGetsTheSerialPortAndSpeedOfTheFile() throws Exception {
    Path file = configTxt(example("", "true", "trinket", "", "/dev/ttyOLD3", "115200", ""));
    try (TestServer server = TestServer.start(file, Map.of(), with())) {
      assertOk(server, "/set_color?value=FF8800");
      assertThat(RecordingDeviceFactory.lastSerialPort()).isEqualTo("/dev/ttyOLD3");
      assertThat(RecordingDeviceFactory.lastBaud()).isEqualTo(115200);
      assertThat(RecordingDeviceFactory.serialWrittenText()).endsWith("FF8800FF");
    }
  }

  @Test
  void theUserkeyIsTheRebootKeyAndTheEnvironmentAndCommandLineStillWin() throws Exception {
    Path marker = dir.resolve("rebooted");
    Path file = configTxt(example("", "", "", "", "", "", "old-key%%1"));
    Map<String, String> reboot = with("auth.enabled", "true", "system.commandsInContainer", "true",
        "system.rebootCommand", "touch " + marker);
    try (TestServer server = TestServer.start(file, Map.of(), reboot)) {
      assertThat(Http.get(server.url("/reboot?key=wrong")).statusCode()).isEqualTo(401);
      assertThat(marker).doesNotExist();
      // configparser reads %% as %
      assertThat(Http.get(server.url("/reboot?key=old-key%251")).statusCode()).isEqualTo(200);
      assertThat(marker).exists();
      Files.delete(marker);
    }
    try (TestServer server = TestServer.start(file, Map.of("CAMSTREAM_AUTH_REBOOT_KEY", "env-key"), reboot)) {
      assertThat(Http.get(server.url("/reboot?key=old-key%251")).statusCode()).isEqualTo(401);
      assertThat(Http.get(server.url("/reboot?key=env-key")).statusCode()).isEqualTo(200);
      Files.delete(marker);
    }
    Map<String, String> onTheCommandLine = new HashMap<>(reboot);
    onTheCommandLine.put("auth.rebootKey", "cli-key");
    try (TestServer server = TestServer.start(file, Map.of("CAMSTREAM_AUTH_REBOOT_KEY", "env-key"), onTheCommandLine)) {
      assertThat(Http.get(server.url("/reboot?key=env-key")).statusCode()).isEqualTo(401);
      assertThat(Http.get(server.url("/reboot?key=cli-key")).statusCode()).isEqualTo(200);
    }
  }
}
