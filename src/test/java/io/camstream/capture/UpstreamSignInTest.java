package io.camstream.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.auth.UserStore;
import io.camstream.bus.Demand;
import io.camstream.metrics.Metrics;
import io.camstream.testing.SecuredServer;
import io.camstream.testing.SharedServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An mjpeg-url camera that asks for a sign-in: the upstream is another camstream with access
 * control on (one whole server for the class), and the secret never shows in what the camera
 * reading it logs, states or measures.
 */
@ExtendWith(VertxExtension.class)
class UpstreamSignInTest {
  private static final String PASSWORD = SecuredServer.PASSWORD + " viewer";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Path USERS = SecuredServer.users(temporaryFolder());
  /** Made before the upstream starts, so it reads the token with its users. */
  private static final String TOKEN = viewerToken();

  @RegisterExtension
  static final SharedServer upstream = new SharedServer(Map.of("auth.enabled", "true",
      "auth.usersFile", USERS.toString(), "auth.passwordIterations", "10000"));

  @Test
  void basicCredentialsInTheUrlSignInAndThePasswordIsShownNowhere(Vertx vertx) throws Exception {
    String url = "mjpeg-url:http://viewer:" + PASSWORD.replace(" ", "%20") + "@127.0.0.1:" + upstream.port()
        + "/video_feed";
    String log = withConsoleCaptured(() -> {
      try (DeployedCamera camera = DeployedCamera.start(vertx, Map.of("camera.source", url), Demand.Kind.STILL)) {
        assertJpeg(camera.nextReal(WAIT), "a picture through the signed-in upstream");
        JsonObject state = camera.state();
        assertThat(state.getString("source"))
            .isEqualTo("mjpeg-url:http://viewer:***@127.0.0.1:" + upstream.port() + "/video_feed");
        assertNoSecret("the camera state", state.encode(), PASSWORD);
        assertNoSecret("the published states", camera.published().toString(), PASSWORD);
        assertNoSecret("the metrics", scrape(state), PASSWORD);
      }
    });
    assertThat(log).as("the console log was captured").contains("viewer:***@127.0.0.1");
    assertNoSecret("the log", log, PASSWORD);
  }

  @Test
  void aBearerTokenFromConfigSignsIn(Vertx vertx) {
    String feed = "mjpeg-url:http://127.0.0.1:" + upstream.port() + "/video_feed";
    try (DeployedCamera camera = DeployedCamera.start(vertx, Map.of("camera.source", feed, "camera.bearerToken", TOKEN),
        Demand.Kind.STILL)) {
      assertJpeg(camera.nextReal(WAIT), "a picture through the bearer token");
      JsonObject state = camera.state();
      assertNoSecret("the camera state", state.encode(), TOKEN);
      assertNoSecret("the published states", camera.published().toString(), TOKEN);
      assertNoSecret("the metrics", scrape(state), TOKEN);
    }
  }

  @Test
  void aWrongPasswordIsReportedWithoutIt(Vertx vertx) {
    String feed = "mjpeg-url:http://127.0.0.1:" + upstream.port() + "/video_feed";
    String wrong = "not-the-password-4711";
    try (DeployedCamera camera = DeployedCamera.start(vertx, Map.of("camera.source", feed,
        "camera.username", "viewer", "camera.password", wrong), Demand.Kind.STILL)) {
      JsonObject state = camera.awaitState("the camera to report the refused sign-in", WAIT,
          s -> s.getString("reason") != null && s.getString("reason").contains("401"));
      assertThat(state.getString("reason")).contains("check the user name and password");
      assertNoSecret("the camera state", camera.state().encode(), wrong);
      assertNoSecret("the published states", camera.published().toString(), wrong);
    }
  }

  private static void assertJpeg(Frame frame, String what) {
    assertThat(frame.jpeg().get(0) & 0xff).as(what).isEqualTo(0xff);
    assertThat(frame.jpeg().get(1) & 0xff).as(what).isEqualTo(0xd8);
  }

  /** What /metrics shows of this camera: its meters read from its state, as the server wires them. */
  private static String scrape(JsonObject cameraState) {
    Metrics metrics = new Metrics();
    metrics.camera().readFrom(id -> cameraState);
    metrics.camera().cameras(java.util.List.of("default"));
    String scraped = metrics.registry().scrape();
    assertThat(scraped).as("the camera's meters read its state").contains("camstream_viewers");
    return scraped;
  }

  private static Path temporaryFolder() {
    try {
      return Files.createTempDirectory("camstream-upstream");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String viewerToken() {
    UserStore store = new UserStore(USERS, 10_000);
    store.load();
    return store.newToken("viewer");
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
