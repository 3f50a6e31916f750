package io.camstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns bench/run.sh's results.csv into a Markdown table: the median of the repeated runs
 * for each scenario and viewer count, and the headline figures.
 */
public final class BenchReport {
  private final List<String> header;
  /** scenario -> viewers -> runs (each a row of the CSV). */
  private final Map<String, TreeMap<Integer, List<String[]>>> runs = new LinkedHashMap<>();

  BenchReport(List<String> lines) {
    header = Arrays.asList(lines.get(0).split(",", -1));
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] row = line.split(",", -1);
      runs.computeIfAbsent(row[0], s -> new TreeMap<>())
          .computeIfAbsent(Integer.parseInt(row[1]), n -> new ArrayList<>()).add(row);
    }
  }

  public static void main(String[] args) throws IOException {
    System.out.print(new BenchReport(Files.readAllLines(Path.of(args[0]))).markdown());
  }

  private double median(List<String[]> rows, String column) {
    int at = header.indexOf(column);
    double[] values = rows.stream().map(r -> r[at]).filter(v -> !v.isEmpty())
        .mapToDouble(Double::parseDouble).sorted().toArray();
    if (values.length == 0) {
      return Double.NaN;
    }
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  /**
   * Extra server CPU per 100 viewers at the full source rate, over the run with the fewest
   * viewers (one, or one per camera when several are watched; so capture and encoding are not
   * counted as a per-viewer cost). Computed per part actually sent, so a run slowed by other
   * work on the machine still gives the cost of a part.
   */
  private double cpuPer100(TreeMap<Integer, List<String[]>> byViewers, int viewers) {
    int fewest = byViewers.firstKey();
    List<String[]> one = byViewers.get(fewest);
    List<String[]> many = byViewers.get(viewers);
    if (viewers <= fewest) {
      return Double.NaN;
    }
    double parts = median(many, "parts_per_s") - median(one, "parts_per_s");
    double cpu = median(many, "server_cpu_pct") - median(one, "server_cpu_pct");
    return parts > 0 ? cpu / parts * 100 * median(many, "source_fps") : Double.NaN;
  }

  String markdown() {
    StringBuilder s = new StringBuilder();
    s.append("| scenario | viewers | runs | fps median | fps min | latency p50 ms | latency p99 ms "
        + "| server CPU % | server us per part | CPU per 100 viewers % | server RSS MB | generator CPU % | other CPU % | encoded/captured | load |\n");
    s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    runs.forEach((scenario, byViewers) -> byViewers.forEach((viewers, rows) -> s.append(String.format(Locale.ROOT,
        "| %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %.0f | %.1f | %s | %.0f | %.0f | %.0f | %s | %.2f |%n",
        scenario, viewers, rows.size(), median(rows, "fps_median"), median(rows, "fps_min"),
        median(rows, "latency_p50_ms"), median(rows, "latency_p99_ms"), median(rows, "server_cpu_pct"), median(rows, "server_us_per_part"),
        fmt(cpuPer100(byViewers, viewers)), median(rows, "server_rss_mb"), median(rows, "generator_cpu_pct"),
        median(rows, "other_cpu_pct"), frames(rows), median(rows, "load_before")))));
    s.append('\n');
    runs.forEach((scenario, byViewers) -> s.append(headline(scenario, byViewers)));
    return s.toString();
  }

  /** "encoded/captured" in the window, or "?" when the server's /api/state did not answer in time. */
  private String frames(List<String[]> rows) {
    double encoded = median(rows, "frames_encoded");
    double captured = median(rows, "frames_captured");
    return encoded < 0 || captured < 0 ? "?" : String.format(Locale.ROOT, "%.0f/%.0f", encoded, captured);
  }

  private String headline(String scenario, TreeMap<Integer, List<String[]>> byViewers) {
    int best = 0;
    for (Map.Entry<Integer, List<String[]>> e : byViewers.entrySet()) {
      List<String[]> rows = e.getValue();
      if (median(rows, "fps_min") >= 0.95 * median(rows, "source_fps") && median(rows, "failures") == 0) {
        best = e.getKey();
      }
    }
    List<String[]> at100 = byViewers.get(100);
    return String.format(Locale.ROOT,
        "- %s: every viewer >= 95%% of the source rate up to %d viewers; CPU per 100 viewers %s %% of a core "
            + "(at %d); p99 latency at 100 viewers %s ms; RSS at 100 viewers %s MB%n",
        scenario, best, fmt(cpuPer100(byViewers, best)), best,
        at100 == null ? "-" : fmt(median(at100, "latency_p99_ms")),
        at100 == null ? "-" : fmt(median(at100, "server_rss_mb")));
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
  }
}
