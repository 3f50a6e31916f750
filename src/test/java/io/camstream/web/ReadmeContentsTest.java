package io.camstream.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's contents list names every section, in order, and every link in it lands on one. */
class ReadmeContentsTest {

  /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
  static String anchor(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
  }

  @Test
  void theContentsListMatchesTheSections() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
    List<String> sections = new ArrayList<>();
    List<String> anchors = new ArrayList<>();
    boolean inCode = false;
    for (String line : lines) {
      if (line.startsWith("```")) {
        inCode = !inCode;
      } else if (!inCode && line.startsWith("## ") && !line.equals("## Contents")) {
        sections.add(line.substring(3).strip());
      } else if (!inCode && line.startsWith("#")) {
        anchors.add(anchor(line.replaceFirst("^#+ ", "").strip()));
      }
    }
    sections.forEach(s -> anchors.add(anchor(s)));
    int start = lines.indexOf("## Contents");
    assertThat(start).as("README has a ## Contents section").isNotNegative();
    Pattern link = Pattern.compile("^- \\[(.+)]\\(#([^)]+)\\)");
    List<String> listed = new ArrayList<>();
    for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
      Matcher m = link.matcher(lines.get(i));
      if (m.find()) {
        listed.add(m.group(1));
        assertThat(m.group(2)).as("link of " + m.group(1)).isEqualTo(anchor(m.group(1)));
      }
    }
    assertThat(listed).as("the contents list, against the README's ## sections").containsExactlyElementsOf(sections);
    // links elsewhere in the README to its own sections land on a heading
    Matcher inner = Pattern.compile("\\]\\(#([^)]+)\\)").matcher(String.join("\n", lines));
    while (inner.find()) {
      assertThat(anchors).as("README link #" + inner.group(1)).contains(inner.group(1));
    }
  }
}
