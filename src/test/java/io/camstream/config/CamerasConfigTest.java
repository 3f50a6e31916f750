package io.camstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camstream.Camstream;
import io.camstream.capture.CameraList;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cameras list: from the file, the command line and the environment, checked as strictly as the rest. */
class CamerasConfigTest {
  @TempDir
  Path dir;

  private static CameraList cameras(Path file, Map<String, String> env, String... args) {
    CommandLine line = CommandLine.parse(args);
    LoadedConfig loaded = ConfigLoader.read(file, env, line.overrides());
    loaded.validate(Camstream::validate);
    return CameraList.from(loaded.json());
  }

  private static List<String> ids(CameraList list) {
    return list.cameras().stream().map(CameraList.Camera::id).toList();
  }

  @Test
  void theCameraSectionAloneIsTheCameraDefault() {
    CameraList list = cameras(null, Map.of(), "--camera", "test");
    assertThat(ids(list)).containsExactly("default");
    assertThat(list.primary().config().source().toString()).isEqualTo("test");
  }

  @Test
  void repeatedCameraOptionsRunSeveralCamerasTheBareOneBeingTheDefault() {
    CameraList list = cameras(null, Map.of(), "--camera", "test", "--camera", "yard=usb:1",
        "--camera=door=mjpeg-url:http://192.0.2.7/video?size=big", "--set", "camera.fps=15",
        "--camera", "pipe:ffmpeg -i x -vf scale=320:240 -f mjpeg -");
    assertThat(ids(list)).containsExactly("default", "yard", "door");
    assertThat(list.primary().config().source().toString()).as("the last bare --camera wins, = and all")
        .isEqualTo("pipe:ffmpeg -i x -vf scale=320:240 -f mjpeg -");
    assertThat(list.find("door").orElseThrow().config().source().toString())
        .isEqualTo("mjpeg-url:http://192.0.2.7/video?size=big");
    assertThat(list.find("yard").orElseThrow().config().fps()).as("the camera section's keys are every camera's")
        .isEqualTo(15);
  }

  @Test
  void aListInTheFileRunsJustThoseAndTheEnvironmentAddsOrOverridesSources() throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, """
        { "camera": { "fps": 12, "password": "secret" },
          // two cameras, the first is the default one
          "cameras": [ { "id": "yard", "name": "Yard", "source": "test", "width": 640, "height": 480 },
                       { "id": "Door", "source": "usb:2" } ] }
        """);
    CameraList list = cameras(file, Map.of("CAMSTREAM_CAMERAS_DOOR_SOURCE", "test",
        "CAMSTREAM_CAMERAS_GARAGE_SOURCE", "test", "CAMSTREAM_CAMERAS_GARAGE_FPS", "5"));
    assertThat(ids(list)).as("no camera default: its source was not set").containsExactly("yard", "Door", "garage");
    assertThat(list.primary().name()).isEqualTo("Yard");
    assertThat(list.primary().config().width()).isEqualTo(640);
    assertThat(list.primary().config().fps()).isEqualTo(12);
    assertThat(list.primary().config().upstreamLogin().password()).as("sign-in is never inherited").isEmpty();
    assertThat(list.find("Door").orElseThrow().config().source().toString()).isEqualTo("test");
    assertThat(list.find("garage").orElseThrow().config().fps()).isEqualTo(5);

    assertThat(ids(cameras(file, Map.of("CAMSTREAM_CAMERA_SOURCE", "test"))))
        .as("the camera section's source set: it runs as well, first").containsExactly("default", "yard", "Door");
  }

  @Test
  void mistakesSayWhatToFix() throws Exception {
    assertThatThrownBy(() -> cameras(null, Map.of(), "--camera", "yard=usb:1", "--camera", "yard=webcam"))
        .hasMessageContaining("cameras.yard.source").hasMessageContaining("auto, test, usb");
    assertThatThrownBy(() -> cameras(null, Map.of(), "--set", "cameras.yard.fsp=15"))
        .hasMessageContaining("cameras.yard.fsp is not known").hasMessageContaining("did you mean cameras.yard.fps?");
    assertThatThrownBy(() -> cameras(null, Map.of(), "--set", "cameras.yard.fps=15"))
        .hasMessageContaining("cameras.yard.source is missing");
    assertThatThrownBy(() -> cameras(null, Map.of("CAMSTREAM_CAMERAS_YARD_SORCE", "test")))
        .hasMessageContaining("CAMSTREAM_CAMERAS_YARD_SORCE").hasMessageContaining("did you mean _SOURCE");
    assertThatThrownBy(() -> cameras(null, Map.of("CAMSTREAM_CAMERAS_YARD_SOURCE", "nothing")))
        .hasMessageContaining("environment variable CAMSTREAM_CAMERAS_YARD_SOURCE").hasMessageContaining("cameras.yard.source");

    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{ \"cameras\": [ { \"id\": \"front door\", \"source\": \"test\" } ] }");
    assertThatThrownBy(() -> cameras(file, Map.of())).hasMessageContaining("cameras[0].id")
        .hasMessageContaining("letters, digits, - and _");
    Files.writeString(file, "{ \"cameras\": [ { \"id\": \"a\", \"source\": \"test\" }, { \"id\": \"A\", \"source\": \"test\" } ] }");
    assertThatThrownBy(() -> cameras(file, Map.of())).hasMessageContaining("\"A\" is used twice")
        .hasMessageContaining("differ only in case");
    Files.writeString(file, "{ \"cameras\": [ { \"id\": \"a\", \"source\": \"test\", \"fsp\": 3 } ] }");
    assertThatThrownBy(() -> cameras(file, Map.of())).hasMessageContaining("cameras.a.fsp is not known")
        .hasMessageContaining("did you mean cameras.a.fps?");
    Files.writeString(file, "{ \"cameras\": { \"id\": \"a\" } }");
    assertThatThrownBy(() -> cameras(file, Map.of())).hasMessageContaining("config key cameras").hasMessageContaining("list");
  }

  @Test
  void theCamerasListIsWrittenBackKeepingEverythingElseAsWritten() throws Exception {
    Path file = dir.resolve("config.json");
    String original = """
        // my camera server
        {
          "server": { "port": 6000 }, // the port
          "cameras": [ { "id": "yard", "source": "test" } ],
          "light": { "type": "none" }
        }
        """;
    Files.writeString(file, original);
    CameraFile cameras = new CameraFile(file);
    cameras.update(list -> list.copy().add(new JsonObject().put("id", "door").put("source", "usb:1")));
    String text = Files.readString(file);
    assertThat(text).contains("// my camera server").contains("// the port").contains("\"light\": { \"type\": \"none\" }");
    JsonObject read = ConfigLoader.load(file, Map.of(), Map.of());
    assertThat(read.getJsonArray("cameras")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("id", "yard").put("source", "test"))
        .add(new JsonObject().put("id", "door").put("source", "usb:1")));
    assertThat(read.getJsonObject("server").getInteger("port")).isEqualTo(6000);

    Path without = dir.resolve("without.json");
    Files.writeString(without, "{ \"server\": { \"port\": 6000 } // no cameras yet\n}\n");
    new CameraFile(without).update(list -> list.copy().add(new JsonObject().put("id", "door").put("source", "test")));
    assertThat(ConfigLoader.load(without, Map.of(), Map.of()).getJsonArray("cameras").size()).isEqualTo(1);
    assertThat(Files.readString(without)).contains("// no cameras yet");

    Path fresh = dir.resolve("conf").resolve("config.json");
    new CameraFile(fresh).update(list -> list.copy().add(new JsonObject().put("id", "door").put("source", "test")));
    assertThat(ConfigLoader.load(fresh, Map.of(), Map.of()).getJsonArray("cameras").getJsonObject(0).getString("id"))
        .isEqualTo("door");
    try (var left = Files.list(fresh.getParent())) {
      assertThat(left.map(p -> p.getFileName().toString())).as("no temporary file left").containsExactly("config.json");
    }
  }
}
