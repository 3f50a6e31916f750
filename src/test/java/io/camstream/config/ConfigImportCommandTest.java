package io.camstream.config;

import static io.camstream.config.OldConfigTxtServerTest.example;
import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.Camstream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigImportCommandTest {
  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    out.reset();
    err.reset();
    return ConfigImportCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theImportedJsonLoadsBackToTheSameSettings() throws Exception {
    List<String> files = List.of(
        example("LiquidLens", "True", "neopixel", "12", "/dev/ttyUSB0", "19200", "a \"quoted\" key\\with%%"),
        example("PiCamera", "True", "trinket", "", "/dev/serial1", "", ""),
        example("", "False", "", "", "", "", ""),
        example("", "", "", "", "", "", ""),
        "[SETTINGS]\ncamera = Pi\n[KEYS]\nuserkey = two\n  lines\n");
    for (String text : files) {
      Path txt = Files.writeString(dir.resolve("config.txt"), text);
      assertThat(run("import", txt.toString())).as(err()).isZero();
      Path json = Files.writeString(dir.resolve("imported.json"), out());
      assertThat(ConfigLoader.load(json, Map.of(), Map.of())).as(out())
          .isEqualTo(ConfigLoader.load(txt, Map.of(), Map.of()));
      // the same through the name sniffing of a file that is not called .json
      Path renamed = Files.writeString(dir.resolve("imported.conf"), out());
      assertThat(ConfigLoader.load(renamed, Map.of(), Map.of())).isEqualTo(ConfigLoader.load(txt, Map.of(), Map.of()));
    }
  }

  @Test
  void eachKeyIsExplainedWhereItCameFrom() throws Exception {
    Path txt = Files.writeString(dir.resolve("config.txt"),
        example("LiquidLens", "True", "neopixel", "12", "", "", "key"));
    assertThat(run("import", txt.toString())).isZero();
    String json = out();
    assertThat(json).startsWith("// camstream configuration imported from " + txt)
        .contains("// config.txt line 14: camera = LiquidLens\n    // a lens with focus control")
        .contains("\"type\": \"LiquidLens\"")
        .contains("// config.txt line 22: lighttype = neopixel").contains("\"mode\": \"pwm\"")
        .contains("// config.txt line 26: numlights = 12").contains("\"pixels\": 12")
        .contains("(old userkey)\n    \"rebootKey\": \"key\"");
    assertThat(json.lines().filter(line -> line.strip().startsWith("//")))
        .allMatch(line -> line.length() <= 110, "comment lines are wrapped");
    Camstream.validate(JsonWithComments.parse(json, "imported"));
  }

  @Test
  void outNeverOverwritesSilently() throws Exception {
    Path txt = Files.writeString(dir.resolve("config.txt"), example("Pi", "", "", "", "", "", ""));
    Path target = dir.resolve("conf/config.json");
    assertThat(run("import", txt.toString(), "--out", target.toString())).as(err()).isZero();
    assertThat(out()).contains("wrote " + target);
    assertThat(ConfigLoader.load(target, Map.of(), Map.of()).getJsonObject("camera").getString("source")).isEqualTo("pi");

    Files.writeString(txt, example("LiquidLens", "", "", "", "", "", ""));
    assertThat(run("import", txt.toString(), "--out", target.toString())).isEqualTo(1);
    assertThat(err()).contains(target + " already exists and is kept").contains("--force");
    assertThat(Files.readString(target)).contains("\"source\": \"pi\"");

    assertThat(run("import", txt.toString(), "--out", target.toString(), "--force")).as(err()).isZero();
    assertThat(Files.readString(target)).contains("LiquidLens").doesNotContain("\"source\"");
    try (var left = Files.list(target.getParent())) {
      assertThat(left).as("no temporary file left beside it").containsExactly(target);
    }

    assertThat(run("import", txt.toString(), "--out", txt.toString(), "--force")).isEqualTo(2);
    assertThat(err()).contains("is the file being imported");
    assertThat(Files.readString(txt)).contains("[SETTINGS]");
  }

  @Test
  void warningsAndMistakesAreSaid() throws Exception {
    Path txt = Files.writeString(dir.resolve("config.txt"), "[SETTINGS]\ncamera = Pi\nzoom = 2\n[EXTRA]\nx = 1\n");
    assertThat(run("import", txt.toString())).isZero();
    assertThat(err()).contains("warning: config file " + txt + " line 3: zoom in [SETTINGS] is ignored")
        .contains("line 4: section [EXTRA] is ignored");
    assertThat(out()).doesNotContain("zoom");

    Files.writeString(txt, "[SETTINGS]\nnumlights = many\n");
    assertThat(run("import", txt.toString())).isEqualTo(2);
    assertThat(err()).contains("line 2: config key numlights: \"many\" is not allowed");

    assertThat(run("import", dir.resolve("missing.txt").toString())).isEqualTo(2);
    assertThat(err()).contains("cannot read").contains("missing.txt");
    Path json = Files.writeString(dir.resolve("config.json"), "{}");
    assertThat(run("import", json.toString())).isEqualTo(2);
    assertThat(err()).contains("already a camstream config.json");
    assertThat(run("export")).isEqualTo(2);
    assertThat(err()).contains("usage:");
    assertThat(run("import", txt.toString(), "--out")).isEqualTo(2);
    assertThat(err()).contains("--out needs a file name");
  }
}
