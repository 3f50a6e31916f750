package io.camstream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.auth.Role;
import io.camstream.bus.Addresses;
import io.camstream.testing.SecuredServer;
import io.camstream.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table of hostile values sent to every route and every bridge control address, as an
 * admin so that each reaches its handler: no answer is a 500, none shows a stack trace,
 * nothing outside media/ changes and nothing in it is lost.
 */
class HostileInputTest {
  private static final Pattern STACK_TRACE = Pattern.compile(
      "Exception|Caused by|\\bat [a-z]+\\.[a-z]+\\.|\\.java:\\d+");

  /** Values as they go into a query parameter (URL-encoded by the test). */
  static final List<String> VALUES = List.of(
      "../../../../etc/passwd", "..\\..\\..\\windows\\win.ini", "/etc/passwd", "C:\\Windows\\win.ini",
      "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%252e%252e%252fetc%252fpasswd", "..%c0%af..%c0%afetc",
      "....//....//etc/passwd", ".", "..", "a\u0000b.jpg", "\u0000", "", " ", "x".repeat(3000),
      "NaN", "Infinity", "-Infinity", "1e309", "-1e309", "-0", "0x10", "99999999999999999999999", "-1",
      "GGGGGG", "#FF8800", "ff00zz", "FF8800FF8800", "\uD83D\uDE00", "日本語.jpg", "\u202Egpj.exe", "\uFEFF",
      "' OR '1'='1' --", "\"; DROP TABLE media; --", "<script>alert(1)</script>", "${jndi:ldap://x/a}",
      "{{7*7}}", "`rm -rf /`", "$(touch /tmp/pwned)", "a\r\nX-Injected: 1", "%", "%zz", "null", "[]", "{}",
      "true", "False", "TRUE");

  /** Raw path tails after a prefix, sent exactly as written. */
  static final List<String> PATH_TRICKS = List.of(
      "..%2f..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/%2e%2e/etc/passwd", "%252e%252e%252fetc%252fpasswd",
      "..%5c..%5c..%5cetc%5cpasswd", "..\\..\\..\\etc\\passwd", "%2e%2e%5c%2e%2e%5cusers.json", "%00",
      "keep.jpg%00.txt", "....//....//etc/passwd", "/etc/passwd", "%2fetc%2fpasswd", "..;/..;/etc/passwd",
      "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "x".repeat(3000), "%", "%zz", "%u002e%u002e/etc");

  /** Every GET route with the parameters its handler reads (old routes of every feature). */
  static final Map<String, List<String>> ROUTES = Map.ofEntries(
      Map.entry("/grayscale", List.of("status")), Map.entry("/resolution", List.of("status")),
      Map.entry("/autofocus", List.of("status")), Map.entry("/set_focus", List.of("value")),
      Map.entry("/step_focus", List.of("direction")), Map.entry("/light", List.of("status")),
      Map.entry("/set_brightness", List.of("value")), Map.entry("/set_color", List.of("value")),
      Map.entry("/get_controller_data", List.of()), Map.entry("/frame.jpg", List.of()),
      Map.entry("/api/state", List.of()), Map.entry("/api/viewers", List.of()), Map.entry("/api/camera", List.of()),
      Map.entry("/api/light", List.of()), Map.entry("/api/recording", List.of()), Map.entry("/logs", List.of()),
      Map.entry("/reboot", List.of("key")), Map.entry("/shutdown", List.of("key")), Map.entry("/login", List.of("next")),
      Map.entry("/api/session", List.of()), Map.entry("/health", List.of()),
      Map.entry("/snapshot", List.of("filename", "date")), Map.entry("/video_capture", List.of("status", "filename", "date")),
      Map.entry("/get_database", List.of()), Map.entry("/database", List.of()),
      Map.entry("/database/add", List.of("filename")), Map.entry("/database/remove", List.of("filename")),
      Map.entry("/api/media", List.of("offset", "limit")));

  static final Map<String, List<String[]>> CONTROLS = Map.of(
      Addresses.CAMERA_CONTROL, List.of(new String[] {"grayscale", "enabled"}, new String[] {"resolution", "half"},
          new String[] {"autofocus", "enabled"}, new String[] {"focus", "value"}, new String[] {"focus_step", "direction"}),
      Addresses.LIGHT_CONTROL, List.of(new String[] {"power", "on"}, new String[] {"brightness", "value"},
          new String[] {"color", "value"}),
      Addresses.RECORDING_CONTROL, List.of(new String[] {"start", "filename"}, new String[] {"stop", "x"}));

  /** JSON values written raw into bodies, including what JSON parsers disagree on. */
  static final List<String> JSON_VALUES = List.of("\"../../etc/passwd\"", "\"/etc/passwd\"", "\"a\\u0000b\"", "\"\"",
      "1e309", "-1e309", "NaN", "Infinity", "-0", "99999999999999999999999", "-1", "null", "[]", "{}", "true",
      "\"GGGGGG\"", "\"#FF8800\"", "\"\\uD83D\\uDE00\"", "\"<script>\"", "\"' OR 1=1 --\"", "\"" + "x".repeat(3000) + "\"");

  /** Not JSON at all: the TCP bridge ignores such a frame (and keeps the connection). */
  static final List<String> NOT_JSON = List.of("NaN", "Infinity");

  @TempDir
  Path dir;

  @Test
  void noHostileValueOnAnyRouteOrBridgeAddressGivesA500OrAStackTraceOrTouchesFilesOutsideMedia() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    Path media = Files.createDirectories(root.resolve("media"));
    Files.write(media.resolve("keep.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9});
    Files.writeString(media.resolve("keep.avi"), "RIFF not really");
    Files.writeString(root.resolve("outside.txt"), "must not change");
    Path users = SecuredServer.users(root);
    Map<String, String> outsideBefore = snapshot(root, media);
    Map<String, String> mediaBefore = snapshot(media, null);

    int tcpPort = TestServer.freePort();
    try (TestServer server = TestServer.start(Map.ofEntries(Map.entry("auth.enabled", "true"),
        Map.entry("auth.usersFile", users.toString()), Map.entry("auth.loginAttempts", "1000"),
        Map.entry("media.dir", media.toString()), Map.entry("system.rebootCommand", "true"),
        Map.entry("system.shutdownCommand", "true"), Map.entry("system.commandsInContainer", "true"),
        Map.entry("bridge.tcpEnabled", "true"), Map.entry("bridge.tcpHost", "127.0.0.1"),
        Map.entry("bridge.tcpPort", String.valueOf(tcpPort)), Map.entry("log.dir", root.resolve("logs").toString())))) {
      String admin = SecuredServer.basic(Role.ADMIN);
      List<String> failures = new ArrayList<>();
      int requests = 0;
      for (var route : ROUTES.entrySet()) {
        List<String> params = route.getValue().isEmpty() ? List.of("value") : route.getValue();
        for (String param : params) {
          for (String value : VALUES) {
            String target = route.getKey() + "?" + param + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
            check(failures, target, raw(server.port(), "GET", target, admin, null));
            requests++;
          }
        }
      }
      for (String route : ROUTES.keySet()) {
        for (String query : new String[] {"status=%", "value=%zz", "key=%u0041", "filename=%c0%ae%c0%ae%2f", "=&&=",
            "a[]=1&a[]=2", "status=false&status=true", "value=" + "9".repeat(400), "filename=%00", ";=;"}) {
          check(failures, route + "?" + query, raw(server.port(), "GET", route + "?" + query, admin, null));
          requests++;
        }
      }
      for (String prefix : new String[] {"/media/", "/", "/css/", "/js/", "/api/media/", "/media/keep.jpg/",
          "/eventbus/"}) {
        for (String trick : PATH_TRICKS) {
          check(failures, prefix + trick, raw(server.port(), "GET", prefix + trick, admin, null));
          requests++;
        }
      }
      for (String path : new String[] {"/api/camera", "/api/light", "/api/recording", "/login"}) {
        for (var control : CONTROLS.entrySet()) {
          for (String[] action : control.getValue()) {
            for (String value : JSON_VALUES) {
              String body = "{\"action\":\"" + action[0] + "\",\"" + action[1] + "\":" + value + "}";
              check(failures, "POST " + path + " " + body, raw(server.port(), "POST", path, admin, body));
              requests++;
            }
          }
        }
        for (String body : new String[] {"", "{", "[]", "null", "\"x\"", "{\"action\":5}", "{\"action\":null}",
            "{\"action\":\"" + "y".repeat(5000) + "\"}", "\u0000\u0001"}) {
          check(failures, "POST " + path + " " + body, raw(server.port(), "POST", path, admin, body));
        }
      }
      requests += bridge(tcpPort, failures);

      assertThat(failures).as("answers that leak or fail, of " + requests).isEmpty();
      assertThat(requests).isGreaterThan(2000);
    }
    assertThat(snapshot(root, media)).as("files outside media/").isEqualTo(outsideBefore);
    Map<String, String> mediaAfter = snapshot(media, null);
    assertThat(mediaAfter).as("nothing in media/ lost or changed").containsAllEntriesOf(mediaBefore);
  }

  private static int bridge(int port, List<String> failures) throws IOException {
    int messages = 0;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(5_000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      DataInputStream in = new DataInputStream(socket.getInputStream());
      String auth = ",\"headers\":{\"authorization\":\"" + SecuredServer.basic(Role.OPERATOR) + "\"}";
      int n = 0;
      for (var control : CONTROLS.entrySet()) {
        for (String[] action : control.getValue()) {
          for (String value : JSON_VALUES) {
            if (NOT_JSON.contains(value)) {
              continue;
            }
            String reply = "r" + n++;
            String message = "{\"type\":\"send\",\"address\":\"" + control.getKey() + "\",\"replyAddress\":\"" + reply
                + "\"" + auth + ",\"body\":{\"action\":\"" + action[0] + "\",\"" + action[1] + "\":" + value + "}}";
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
            out.flush();
            messages++;
            String answer;
            try {
              answer = readFrame(in);
            } catch (SocketTimeoutException e) {
              failures.add("bridge " + message + " -> no answer in 5 s");
              continue;
            }
            if (answer.contains("\"failureCode\":500") || STACK_TRACE.matcher(answer).find()) {
              failures.add("bridge " + message + " -> " + answer);
            }
          }
        }
      }
      // a frame that is not JSON is dropped by the bridge library; the connection goes on
      for (String value : NOT_JSON) {
        byte[] broken = ("{\"type\":\"send\",\"address\":\"" + Addresses.CAMERA_CONTROL + "\"" + auth
            + ",\"body\":{\"action\":\"focus\",\"value\":" + value + "}}").getBytes(StandardCharsets.UTF_8);
        out.writeInt(broken.length);
        out.write(broken);
        byte[] get = ("{\"type\":\"send\",\"address\":\"" + Addresses.CAMERA_CONTROL + "\",\"replyAddress\":\"after\""
            + ",\"body\":{\"action\":\"get\"}}").getBytes(StandardCharsets.UTF_8);
        out.writeInt(get.length);
        out.write(get);
        out.flush();
        messages += 2;
        String answer = readFrame(in);
        if (!answer.contains("\"address\":\"after\"")) {
          failures.add("bridge after a non-JSON frame with " + value + " -> " + answer);
        }
      }
    }
    return messages;
  }

  private static String readFrame(DataInputStream in) throws IOException {
    int length = in.readInt();
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  private static void check(List<String> failures, String what, String[] answer) {
    int status = Integer.parseInt(answer[0]);
    if (status == 500 || status < 100 || status >= 600 || STACK_TRACE.matcher(answer[1]).find()) {
      failures.add(what + " -> " + status + " " + answer[1].substring(0, Math.min(300, answer[1].length())));
    }
  }

  /** One request on its own connection, sent byte for byte; returns {status, body start}. */
  static String[] raw(int port, String method, String target, String authorization, String body) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(30_000);
      byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      String head = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
          + "Authorization: " + authorization + "\r\n"
          + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + payload.length + "\r\n") + "\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().write(payload);
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int r;
      try {
        while (answer.size() < 256 * 1024 && (r = in.read(buffer)) > 0) {
          answer.write(buffer, 0, r);
        }
      } catch (SocketTimeoutException e) {
        return new String[] {"0", "no complete answer in 30 s"};
      } catch (IOException reset) {
        // the server may close right after answering
      }
      String text = answer.toString(StandardCharsets.UTF_8);
      if (!text.startsWith("HTTP/1.")) {
        return new String[] {"0", "not an HTTP answer: " + text};
      }
      int end = text.indexOf("\r\n\r\n");
      return new String[] {text.substring(9, 12), end < 0 ? "" : text.substring(end + 4)};
    }
  }

  /** Path to size and SHA-256 of every file under {@code root}, leaving out {@code skip}. */
  static Map<String, String> snapshot(Path root, Path skip) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        if (skip != null && file.startsWith(skip)) {
          continue;
        }
        try {
          byte[] bytes = Files.readAllBytes(file);
          files.put(root.relativize(file).toString(),
              bytes.length + " " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return files;
  }
}
