package io.camstream.config;

import static io.camstream.config.OldConfigTxtServerTest.example;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camstream.Camstream;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config.txt read as Python's configparser and the old server read it, without a server. */
class OldConfigTxtTest {
  @TempDir
  Path dir;

  private Path write(String text) throws Exception {
    return Files.writeString(dir.resolve("config.txt"), text);
  }

  private JsonObject load(String text) throws Exception {
    return ConfigLoader.load(write(text), Map.of(), Map.of());
  }

  /** The 1-based line of the first line of text that starts with start. */
  private static int lineOf(String text, String start) {
    List<String> lines = Arrays.asList(text.split("\n"));
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(start)) {
        return i + 1;
      }
    }
    throw new AssertionError(start + " is not in the text");
  }

  @Test
  void theExampleFilledInBecomesCamstreamKeys() throws Exception {
    JsonObject config = load(example("LiquidLens", "True", "neopixel", "12", "/dev/ttyUSB0", "19200", "s3cret"));
    JsonObject light = config.getJsonObject("light");
    assertThat(config.getJsonObject("camera").getString("type")).isEqualTo("LiquidLens");
    assertThat(config.getJsonObject("camera").getString("source")).as("the default camera").isEqualTo("auto");
    assertThat(light.getString("type")).isEqualTo("neopixel");
    assertThat(light.getString("mode")).as("GPIO 18 with PWM, as the old server drove it").isEqualTo("pwm");
    assertThat(light.getInteger("gpio")).isEqualTo(18);
    assertThat(light.getInteger("dma")).isEqualTo(10);
    assertThat(light.getInteger("pixels")).isEqualTo(12);
    assertThat(light.getString("tty")).isEqualTo("/dev/ttyUSB0");
    assertThat(light.getInteger("baud")).isEqualTo(19200);
    assertThat(config.getJsonObject("auth").getString("rebootKey")).isEqualTo("s3cret");
    Camstream.validate(config);

    JsonObject pi = load(example("PiCamera", "true", "TRINKET", "", "", "", ""));
    assertThat(pi.getJsonObject("camera").getString("source")).isEqualTo("pi");
    assertThat(pi.getJsonObject("camera").getString("type")).isEqualTo("generic");
    assertThat(pi.getJsonObject("light").getString("type")).isEqualTo("trinket");
    assertThat(load(example("Pi", "False", "neopixel", "", "", "", "")).getJsonObject("camera").getString("source"))
        .isEqualTo("pi");
  }

  @Test
  void emptyValuesAndDefaultKeepCamstreamsDefaults() throws Exception {
    JsonObject defaults = ConfigLoader.load(null, Map.of(), Map.of());
    assertThat(load(example("", "", "", "", "", "", ""))).isEqualTo(defaults);
    assertThat(load(example("default", "", "", "", "", "", ""))).isEqualTo(defaults);
    LoadedConfig loaded = ConfigLoader.read(write(example("", "", "", "", "", "", "")), Map.of(), Map.of());
    assertThat(loaded.warnings()).isEmpty();
    assertThat(loaded.fileRead()).contains("config.txt").contains("old server");
    // light = False says "no light" explicitly, which is also camstream's default
    assertThat(load(example("", "False", "", "", "", "", "")).getJsonObject("light").getString("type")).isEqualTo("none");
  }

  @Test
  void lightTrueWithoutALighttypeStartsWithoutALightAndSaysWhy() throws Exception {
    LoadedConfig loaded = ConfigLoader.read(write(example("", "True", "", "", "", "", "")), Map.of(), Map.of());
    assertThat(loaded.json().getJsonObject("light").getString("type")).isEqualTo("none");
    assertThat(loaded.warnings()).singleElement().asString()
        .contains("light = True but lighttype is empty").contains("lighttype = neopixel or lighttype = trinket");
  }

  @Test
  void whatConfigparserAcceptsIsAccepted() throws Exception {
    String text = """
        ; a semicolon comment
        [DEFAULT]
        base = 4

        [SETTINGS]
          # an indented comment
        Camera: LiquidLens
        LIGHT =True
        lighttype   :   neopixel
        numlights = %(base)s0
        tty = /dev/tty # not a comment: configparser keeps it
        [KEYS]
        userkey = 100%% sure
          and a second line
        """;
    JsonObject config = load(text);
    assertThat(config.getJsonObject("camera").getString("type")).isEqualTo("LiquidLens");
    assertThat(config.getJsonObject("light").getString("type")).isEqualTo("neopixel");
    assertThat(config.getJsonObject("light").getInteger("pixels")).isEqualTo(40);
    assertThat(config.getJsonObject("light").getString("tty")).isEqualTo("/dev/tty # not a comment: configparser keeps it");
    assertThat(config.getJsonObject("auth").getString("rebootKey")).isEqualTo("100% sure\nand a second line");
    assertThat(ConfigLoader.read(write(text), Map.of(), Map.of()).warnings()).singleElement().asString()
        .contains("line 3").contains("base").contains("[DEFAULT]");
    assertThat(load("\uFEFF[SETTINGS]\r\ncamera = Pi\r\n").getJsonObject("camera").getString("source")).isEqualTo("pi");
  }

  @Test
  void aBadNumlightsNamesTheKeyTheFileAndTheLine() throws Exception {
    String text = example("", "True", "neopixel", "twelve", "", "", "");
    int line = lineOf(text, "numlights");
    assertThatThrownBy(() -> load(text)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("config file " + dir.resolve("config.txt") + " line " + line + ":")
        .hasMessageContaining("numlights").hasMessageContaining("\"twelve\"").hasMessageContaining("whole number");

    // a number out of range is refused where the light section is checked, and still points at the line
    String zero = example("", "True", "neopixel", "0", "", "", "");
    LoadedConfig loaded = ConfigLoader.read(write(zero), Map.of(), Map.of());
    assertThatThrownBy(() -> loaded.validate(Camstream::validate))
        .hasMessageStartingWith("config file " + dir.resolve("config.txt") + " line " + line + " (numlights): ")
        .hasMessageContaining("light.pixels").hasMessageContaining("1 to 4096");
    // overridden on the command line, the fault is the option's, not the file's
    LoadedConfig overridden = ConfigLoader.read(write(zero), Map.of(), Map.of("light.pixels", "-3"));
    assertThatThrownBy(() -> overridden.validate(Camstream::validate))
        .hasMessageStartingWith("command-line option for light.pixels: ").hasMessageNotContaining("config.txt");
    LoadedConfig fixed = ConfigLoader.read(write(zero), Map.of("CAMSTREAM_LIGHT_PIXELS", "5"), Map.of());
    fixed.validate(Camstream::validate);
    assertThat(fixed.json().getJsonObject("light").getInteger("pixels")).isEqualTo(5);
  }

  @Test
  void valuesTheOldServerDidNotKnowAreRefusedNamingTheLine() throws Exception {
    assertRefused(example("USB", "", "", "", "", "", ""), "camera", "\"USB\"", "Pi, PiCamera, LiquidLens or default");
    assertRefused(example("", "yes", "", "", "", "", ""), "light", "\"yes\"", "True or False");
    assertRefused(example("", "True", "dotstar", "", "", "", ""), "lighttype", "\"dotstar\"", "neopixel or trinket");
    assertRefused(example("", "", "", "", "", "9600 baud", ""), "baud", "\"9600 baud\"", "whole number");
    assertRefused(example("Pi # the ribbon one", "", "", "", "", "", ""), "camera", "part of the value",
        "own line");
    assertRefused(example("", "", "", "", "", "", "50%off"), "userkey", "%%", "50%off");
  }

  private void assertRefused(String text, String key, String... more) {
    int line = lineOf(text, key);
    var thrown = assertThatThrownBy(() -> load(text)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("config.txt line " + line + ": ").hasMessageContaining(key);
    for (String part : more) {
      thrown.hasMessageContaining(part);
    }
  }

  @Test
  void whatConfigparserRefusesIsRefusedNamingTheLine() {
    assertThatThrownBy(() -> load("camera = Pi\n[SETTINGS]\n"))
        .hasMessageContaining("config.txt line 1: ").hasMessageContaining("before any [SECTION]");
    assertThatThrownBy(() -> load("[SETTINGS]\ncamera = Pi\n\n[KEYS]\n[SETTINGS]\n"))
        .hasMessageContaining("line 5: ").hasMessageContaining("[SETTINGS] appears a second time (first on line 1)");
    assertThatThrownBy(() -> load("[SETTINGS]\ncamera = Pi\nCAMERA = LiquidLens\n"))
        .hasMessageContaining("line 3: ").hasMessageContaining("CAMERA is set a second time").hasMessageContaining("line 2");
    assertThatThrownBy(() -> load("[SETTINGS]\n\ncamera Pi\n"))
        .hasMessageContaining("line 3: ").hasMessageContaining("\"camera Pi\" is neither");
    assertThatThrownBy(() -> load("[SETTINGS]\n= Pi\n")).hasMessageContaining("line 2: ");
    assertThatThrownBy(() -> load("[SETTINGS]\nnumlights = %(count)s\n"))
        .hasMessageContaining("line 2: ").hasMessageContaining("%(count)s refers to count");
    assertThatThrownBy(() -> load("[SETTINGS]\nnumlights = %(numlights)s\n"))
        .hasMessageContaining("line 2: ").hasMessageContaining("deeper than 10");
  }

  @Test
  void sectionsAndKeysTheOldServerDidNotReadAreNamedInWarnings() throws Exception {
    String text = """
        [SETTINGS]
        camera = Pi
        fps = 15
        userkey = misplaced

        [settings]
        light = True

        [KEYS]
        userkey = k
        """;
    LoadedConfig loaded = ConfigLoader.read(write(text), Map.of(), Map.of());
    assertThat(loaded.warnings()).hasSize(3);
    assertThat(loaded.warnings().get(0)).contains("line 3").contains("fps in [SETTINGS] is ignored")
        .contains("did not know it");
    assertThat(loaded.warnings().get(1)).contains("line 4").contains("userkey in [SETTINGS]")
        .contains("read it from [KEYS]");
    assertThat(loaded.warnings().get(2)).contains("line 6").contains("[settings] is ignored").contains("light");
    assertThat(loaded.json().getJsonObject("light").getString("type")).as("as the old server: ignored").isEqualTo("none");
    assertThat(loaded.json().getJsonObject("auth").getString("rebootKey")).isEqualTo("k");

    assertThat(ConfigLoader.read(write("# nothing here\n[Settings]\n"), Map.of(), Map.of()).warnings())
        .anyMatch(w -> w.contains("neither a [SETTINGS] nor a [KEYS]"));
  }

  @Test
  void theFormatIsToldByTheNameAndTheFirstLine() {
    assertThat(ConfigLoader.isJson(Path.of("conf/config.json"), "[SETTINGS]")).isTrue();
    assertThat(ConfigLoader.isJson(Path.of("my.conf"), "// comment\n{}")).isTrue();
    assertThat(ConfigLoader.isJson(Path.of("config.txt"), "\n  { \"server\": {} }")).isTrue();
    assertThat(ConfigLoader.isJson(Path.of("config.txt"), "# comment\n; another\n[SETTINGS]\n")).isFalse();
    assertThat(ConfigLoader.isJson(Path.of("config.txt"), "camera = Pi")).isFalse();
  }
}
