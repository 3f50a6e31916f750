package io.camstream.bench;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * M-JPEG load generator: N viewers on one URL (or spread evenly over several, one per camera),
 * read as a browser would, measured over a
 * window after a warm-up. See bench/README.md. Exits 3 when the median viewer got less
 * than half the source rate (the benchmark's signal to stop adding viewers).
 */
public final class LoadGenerator {
  static final String USAGE = """
      usage: java -jar target/camstream-bench.jar [options]   (camstream.jar must be beside it)
        --url URL[,URL...]   stream(s) to watch (default http://127.0.0.1:5000/video_feed);
                             several URLs share the viewers evenly, each in its own processes
        --viewers N          concurrent connections, all URLs together (default 10)
        --processes P        split the viewers over P processes (default 1; at least one per URL)
        --threads T          event-loop threads per process (default 1)
        --warmup S           seconds between connecting and measuring (default 3)
        --duration S         seconds measured (default 10)
        --source-fps F       the rate the source sends, for the verdict (default 30)
        --server-pid PID     also sample this process's CPU (all threads) and RSS
        --csv FILE           append one result row (header written for a new file)
        --label TEXT         scenario name in the CSV row
      """;

  private LoadGenerator() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = parse(args);
    if (opts.containsKey("help")) {
      System.out.print(USAGE);
      return;
    }
    if (opts.containsKey("child")) {
      runChild(opts);
      return;
    }
    Result result = run(opts);
    PrintStream out = System.out;
    out.println(result.summary());
    if (opts.containsKey("csv")) {
      result.appendCsv(Path.of(opts.get("csv")), opts.getOrDefault("label", ""));
    }
    System.exit(result.fpsMedian() < result.sourceFps / 2 ? 3 : 0);
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + a + "\n" + USAGE);
      }
      String key = a.substring(2);
      if (key.equals("child") || key.equals("help")) {
        opts.put(key, "true");
      } else if (i + 1 < args.length) {
        opts.put(key, args[++i]);
      } else {
        throw new IllegalArgumentException(a + " needs a value\n" + USAGE);
      }
    }
    return opts;
  }

  /** Runs the whole measurement as configured and returns the aggregate. */
  static Result run(Map<String, String> opts) throws Exception {
    List<URI> urls = Arrays.stream(opts.getOrDefault("url", "http://127.0.0.1:5000/video_feed").split(","))
        .map(String::strip).filter(u -> !u.isEmpty()).map(URI::create).toList();
    int viewers = Integer.parseInt(opts.getOrDefault("viewers", "10"));
    if (viewers < urls.size()) {
      throw new IllegalArgumentException("--viewers " + viewers + " is fewer than the " + urls.size() + " URLs to watch");
    }
    int processes = Math.max(1, Math.min(viewers, Integer.parseInt(opts.getOrDefault("processes", "1"))));
    int threads = Integer.parseInt(opts.getOrDefault("threads", "1"));
    double warmup = Double.parseDouble(opts.getOrDefault("warmup", "3"));
    double duration = Double.parseDouble(opts.getOrDefault("duration", "10"));
    String serverPid = opts.get("server-pid");
    Result result = new Result(viewers, processes, Double.parseDouble(opts.getOrDefault("source-fps", "30")));
    result.loadBefore = ProcStats.loadAverage();

    List<Party> parties = new ArrayList<>();
    try {
      if (processes == 1 && urls.size() == 1) {
        parties.add(new LocalParty(new Worker(urls.get(0), threads), viewers));
      } else {
        int perUrl = Math.max(1, processes / urls.size());
        for (int u = 0; u < urls.size(); u++) {
          int urlShare = share(viewers, urls.size(), u);
          for (int p = 0; p < perUrl && p < urlShare; p++) {
            parties.add(new ChildParty(urls.get(u), share(urlShare, Math.min(perUrl, urlShare), p), threads));
          }
        }
      }
      for (Party party : parties) {
        party.awaitReady();
      }
      Thread.sleep((long) (warmup * 1000));
      List<JsonObject> stateBefore = urls.stream().map(LoadGenerator::cameraState).toList();
      double serverCpuBefore = serverPid == null ? Double.NaN : ProcStats.cpuSeconds(serverPid);
      double machineBefore = ProcStats.machineBusySeconds();
      long start = System.nanoTime();
      for (Party party : parties) {
        party.start();
      }
      double maxRss = Double.NaN;
      long end = start + (long) (duration * 1e9);
      while (System.nanoTime() < end) {
        Thread.sleep(Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
        if (serverPid != null) {
          double rss = ProcStats.rssMegabytes(serverPid);
          maxRss = Double.isNaN(maxRss) ? rss : Math.max(maxRss, rss);
        }
      }
      for (Party party : parties) {
        party.stop();
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      double machineBusy = ProcStats.machineBusySeconds() - machineBefore;
      if (serverPid != null) {
        result.serverCpuPercent = 100 * (ProcStats.cpuSeconds(serverPid) - serverCpuBefore) / elapsed;
        result.serverRssMb = maxRss;
      }
      List<JsonObject> stateAfter = urls.stream().map(LoadGenerator::cameraState).toList();
      result.camera(stateBefore, stateAfter);
      for (Party party : parties) {
        result.add(party.result());
      }
      result.generatorCpuPercent = 100 * result.generatorCpuSeconds / elapsed;
      result.partsPerSecond = result.latency.count() / elapsed;
      result.otherCpuPercent = 100 * machineBusy / elapsed - result.generatorCpuPercent
          - (Double.isNaN(result.serverCpuPercent) ? 0 : result.serverCpuPercent);
    } finally {
      for (Party party : parties) {
        party.close();
      }
    }
    return result;
  }

  /** {@code total} split into {@code parts} near-equal shares: the size of share {@code index}. */
  static int share(int total, int parts, int index) {
    return total / parts + (index < total % parts ? 1 : 0);
  }

  /**
   * The state of the camera behind a stream URL (frames captured and encoded), or null when the
   * server has none: /api/cameras/ID for /cameras/ID/video_feed, else the default camera in /api/state.
   */
  static JsonObject cameraState(URI streamUrl) {
    java.util.regex.Matcher camera = java.util.regex.Pattern.compile("^/cameras/([^/]+)/").matcher(streamUrl.getPath());
    String statePath = camera.find() ? "/api/cameras/" + camera.group(1) : "/api/state";
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(streamUrl.resolve(statePath)).timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return null;
      }
      JsonObject body = new JsonObject(response.body());
      // /api/state holds the camera's state under "camera"; /api/cameras/ID is that state itself,
      // where "camera" is the camera's id
      return body.getValue("camera") instanceof JsonObject nested ? nested : body;
    } catch (IOException | RuntimeException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** A process's share of the viewers: this one, or a child process driven over its stdin and stdout. */
  interface Party extends AutoCloseable {
    void awaitReady() throws Exception;

    void start() throws Exception;

    void stop() throws Exception;

    JsonObject result() throws Exception;

    @Override
    void close();
  }

  static final class LocalParty implements Party {
    private final Worker worker;
    private final int viewers;
    private JsonObject result;

    LocalParty(Worker worker, int viewers) {
      this.worker = worker;
      this.viewers = viewers;
    }

    @Override
    public void awaitReady() {
      worker.open(viewers, 60_000);
    }

    @Override
    public void start() {
      worker.startWindow();
    }

    @Override
    public void stop() {
      result = worker.stopWindow();
    }

    @Override
    public JsonObject result() {
      return result;
    }

    @Override
    public void close() {
      worker.close();
    }
  }

  static final class ChildParty implements Party {
    private final Process process;
    private final BufferedReader out;
    private final Writer in;

    ChildParty(URI url, int viewers, int threads) throws IOException {
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
          LoadGenerator.class.getName(), "--child", "--url", url.toString(),
          "--viewers", String.valueOf(viewers), "--threads", String.valueOf(threads)));
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    private String expect(String prefix) throws IOException {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith(prefix)) {
          return line.substring(prefix.length()).trim();
        }
      }
      throw new IOException("load generator child exited before saying " + prefix);
    }

    private void send(String command) throws IOException {
      in.write(command + "\n");
      in.flush();
    }

    @Override
    public void awaitReady() throws IOException {
      expect("READY");
    }

    @Override
    public void start() throws IOException {
      send("START");
      expect("STARTED");
    }

    @Override
    public void stop() throws IOException {
      send("STOP");
    }

    @Override
    public JsonObject result() throws IOException {
      return new JsonObject(expect("RESULT"));
    }

    @Override
    public void close() {
      try {
        send("EXIT");
      } catch (IOException ignored) {
        // already gone
      }
      try {
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void runChild(Map<String, String> opts) throws IOException {
    URI url = URI.create(opts.get("url"));
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (Worker worker = new Worker(url, Integer.parseInt(opts.getOrDefault("threads", "1")))) {
      worker.open(Integer.parseInt(opts.get("viewers")), 60_000);
      System.out.println("READY " + worker.viewerCount());
      System.out.flush();
      String line;
      while ((line = commands.readLine()) != null && !line.equals("EXIT")) {
        if (line.equals("START")) {
          worker.startWindow();
          System.out.println("STARTED");
        } else if (line.equals("STOP")) {
          System.out.println("RESULT " + worker.stopWindow().encode());
        }
        System.out.flush();
      }
    }
  }

  /** The figures of one run, over all processes. */
  static final class Result {
    final int viewers;
    final int processes;
    final double sourceFps;
    final List<Double> fps = new ArrayList<>();
    final List<Double> bytesPerSecond = new ArrayList<>();
    final Map<String, Integer> failures = new LinkedHashMap<>();
    final LatencyHistogram latency = new LatencyHistogram();
    double generatorCpuSeconds;
    double generatorCpuPercent;
    /** Everything else the machine ran during the window: other users' work disturbs the figures. */
    double otherCpuPercent;
    /** Parts received by all viewers together, per second. */
    double partsPerSecond;
    double serverCpuPercent = Double.NaN;
    double serverRssMb = Double.NaN;
    double cameraFps = Double.NaN;
    long framesEncoded = -1;
    long framesCaptured = -1;
    double loadBefore;
    String cameraSize = "";

    Result(int viewers, int processes, double sourceFps) {
      this.viewers = viewers;
      this.processes = processes;
      this.sourceFps = sourceFps;
    }

    void add(JsonObject part) {
      part.getJsonArray("fps").forEach(v -> fps.add(((Number) v).doubleValue()));
      part.getJsonArray("bytesPerSecond").forEach(v -> bytesPerSecond.add(((Number) v).doubleValue()));
      part.getJsonObject("failures").forEach(e -> failures.merge(e.getKey(), ((Number) e.getValue()).intValue(), Integer::sum));
      latency.add(LatencyHistogram.fromJson(part.getJsonArray("latency")));
      generatorCpuSeconds += part.getDouble("cpuSeconds");
    }

    /** Frames of all the watched cameras together; the slowest camera's rate; the first one's size. */
    void camera(List<JsonObject> before, List<JsonObject> after) {
      if (before.stream().anyMatch(java.util.Objects::isNull) || after.stream().anyMatch(java.util.Objects::isNull)) {
        return;
      }
      framesEncoded = 0;
      framesCaptured = 0;
      for (int i = 0; i < after.size(); i++) {
        JsonObject b = before.get(i).getJsonObject("frames", new JsonObject());
        JsonObject a = after.get(i).getJsonObject("frames", new JsonObject());
        framesEncoded += a.getLong("encoded", 0L) - b.getLong("encoded", 0L);
        framesCaptured += a.getLong("captured", 0L) - b.getLong("captured", 0L);
        double fps = after.get(i).getDouble("fps", Double.NaN);
        cameraFps = i == 0 || fps < cameraFps ? fps : cameraFps;
      }
      cameraSize = after.get(0).getValue("width") + "x" + after.get(0).getValue("height");
    }

    /** Server CPU time per part received, all costs included: comparable under CPU contention. */
    double serverMicrosPerPart() {
      return partsPerSecond > 0 ? serverCpuPercent / 100 * 1e6 / partsPerSecond : Double.NaN;
    }

    int failed() {
      return failures.values().stream().mapToInt(Integer::intValue).sum();
    }

    double fpsMedian() {
      return quantile(fps, 0.5);
    }

    double fpsMin() {
      return fps.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    static double quantile(List<Double> values, double q) {
      if (values.isEmpty()) {
        return 0;
      }
      double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    String summary() {
      StringBuilder s = new StringBuilder();
      s.append(String.format(Locale.ROOT, "viewers %d (%d process%s), load before %.2f%n", viewers, processes,
          processes == 1 ? "" : "es", loadBefore));
      s.append(String.format(Locale.ROOT, "  fps per viewer: median %.2f, min %.2f (source %.1f, camera measured %.1f)%n",
          fpsMedian(), fpsMin(), sourceFps, cameraFps));
      s.append(String.format(Locale.ROOT, "  latency: p50 %.1f ms, p99 %.1f ms (%d frames)%n",
          latency.percentileMillis(0.5), latency.percentileMillis(0.99), latency.count()));
      s.append(String.format(Locale.ROOT, "  per viewer: median %.1f KB/s; failures %d %s%n",
          quantile(bytesPerSecond, 0.5) / 1024, failed(), failures.isEmpty() ? "" : failures));
      s.append(String.format(Locale.ROOT, "  server: CPU %.1f %% of a core (%.1f us per part sent), RSS %.0f MB; "
          + "frames encoded %d of %d captured (%s)%n", serverCpuPercent, serverMicrosPerPart(), serverRssMb,
          framesEncoded, framesCaptured, cameraSize));
      s.append(String.format(Locale.ROOT, "  load generator: CPU %.1f %% of a core; everything else on the machine %.1f %%",
          generatorCpuPercent, otherCpuPercent));
      return s.toString();
    }

    static final String CSV_HEADER = "scenario,viewers,processes,source_fps,fps_median,fps_min,latency_p50_ms,"
        + "latency_p99_ms,kbytes_per_s_median,failures,server_cpu_pct,server_cpu_per_100_viewers_pct,"
        + "server_rss_mb,generator_cpu_pct,other_cpu_pct,parts_per_s,server_us_per_part,frames_captured,frames_encoded,frame_size,load_before";

    void appendCsv(Path file, String label) throws IOException {
      String row = String.join(",", Arrays.asList(label, String.valueOf(viewers), String.valueOf(processes),
          f(sourceFps), f(fpsMedian()), f(fpsMin()), f(latency.percentileMillis(0.5)),
          f(latency.percentileMillis(0.99)), f(quantile(bytesPerSecond, 0.5) / 1024), String.valueOf(failed()),
          f(serverCpuPercent), f(serverCpuPercent * 100 / viewers), f(serverRssMb), f(generatorCpuPercent), f(otherCpuPercent),
          f(partsPerSecond), f(serverMicrosPerPart()),
          String.valueOf(framesCaptured), String.valueOf(framesEncoded), cameraSize, f(loadBefore)));
      boolean fresh = !Files.exists(file) || Files.size(file) == 0;
      Files.writeString(file, (fresh ? CSV_HEADER + "\n" : "") + row + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String f(double v) {
      return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.2f", v);
    }
  }
}
