package io.camstream.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.auth.UserStore;
import io.camstream.testing.Http;
import io.camstream.testing.Poll;
import io.camstream.testing.SecuredServer;
import io.camstream.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An mjpeg-url camera that asks for a sign-in: the upstream is another camstream with access
 * control on, and the secret never shows in what the second server logs, states or measures.
 */
class UpstreamSignInTest {
  private static final String PASSWORD = SecuredServer.PASSWORD + " viewer";

  @TempDir
  Path dir;

  @Test
  void basicCredentialsInTheUrlSignInAndThePasswordIsShownNowhere() throws Exception {
    try (TestServer upstream = SecuredServer.start(dir, Map.of())) {
      String url = "mjpeg-url:http://viewer:" + PASSWORD.replace(" ", "%20") + "@127.0.0.1:" + upstream.port() + "/video_feed";
      String log = withConsoleCaptured(() -> {
        try (TestServer server = TestServer.start(Map.of("camera.source", url))) {
          assertThat(jpegFrom(server)).as("/frame.jpg through the signed-in upstream").isEqualTo(200);
          String state = get(server, "/api/state");
          assertThat(state).contains("\"source\":\"mjpeg-url:http://viewer:***@127.0.0.1:" + upstream.port() + "/video_feed\"");
          assertNoSecret("/api/state", state, PASSWORD);
          assertNoSecret("/api/camera", get(server, "/api/camera"), PASSWORD);
          assertNoSecret("/metrics", get(server, "/metrics"), PASSWORD);
        }
      });
      assertThat(log).as("the console log was captured").contains("viewer:***@127.0.0.1");
      assertNoSecret("the log", log, PASSWORD);
    }
  }

  @Test
  void aBearerTokenFromConfigSignsInAndAWrongPasswordIsReportedWithoutIt() throws Exception {
    Path users = SecuredServer.users(dir);
    UserStore store = new UserStore(users, 10_000);
    store.load();
    String token = store.newToken("viewer");
    try (TestServer upstream = TestServer.start(Map.of("auth.enabled", "true", "auth.usersFile", users.toString(),
        "auth.passwordIterations", "10000"))) {
      String feed = "mjpeg-url:http://127.0.0.1:" + upstream.port() + "/video_feed";
      try (TestServer server = TestServer.start(Map.of("camera.source", feed, "camera.bearerToken", token))) {
        assertThat(jpegFrom(server)).as("/frame.jpg through the bearer token").isEqualTo(200);
        assertNoSecret("/api/state", get(server, "/api/state"), token);
        assertNoSecret("/metrics", get(server, "/metrics"), token);
      }
      String wrong = "not-the-password-4711";
      try (TestServer server = TestServer.start(Map.of("camera.source", feed,
          "camera.username", "viewer", "camera.password", wrong))) {
        get(server, "/frame.jpg");
        String reason = Poll.until(Duration.ofSeconds(20), "the camera to report the refused sign-in",
            () -> new io.vertx.core.json.JsonObject(get(server, "/api/camera")).getString("reason"),
            r -> r != null && r.contains("401"));
        assertThat(reason).contains("check the user name and password");
        assertNoSecret("/api/camera", get(server, "/api/camera"), wrong);
      }
    }
  }

  private static int jpegFrom(TestServer server) {
    HttpResponse<byte[]> response = Http.send(HttpRequest.newBuilder(URI.create(server.url("/frame.jpg")))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() == 200) {
      assertThat(response.body()[0] & 0xff).as("a JPEG").isEqualTo(0xff);
    }
    return response.statusCode();
  }

  private static String get(TestServer server, String path) {
    return Http.send(HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static void assertNoSecret(String where, String text, String secret) {
    for (String form : new String[] {secret, secret.replace(" ", "%20"), secret.replace(" ", "+")}) {
      assertThat(text).as("%s must not show the secret", where).doesNotContain(form);
    }
  }

  /** Runs the body with System.out and System.err also copied into the returned text. */
  private static String withConsoleCaptured(ThrowingRunnable body) throws Exception {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    System.setOut(new PrintStream(tee(out, copy), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(tee(err, copy), true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    synchronized (copy) {
      return copy.toString(StandardCharsets.UTF_8);
    }
  }

  private static OutputStream tee(OutputStream first, ByteArrayOutputStream second) {
    return new OutputStream() {
      @Override
      public void write(int b) throws java.io.IOException {
        first.write(b);
        synchronized (second) {
          second.write(b);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) throws java.io.IOException {
        first.write(b, off, len);
        synchronized (second) {
          second.write(b, off, len);
        }
      }
    };
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }
}
