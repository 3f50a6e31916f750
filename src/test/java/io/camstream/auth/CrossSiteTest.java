package io.camstream.auth;

import static io.camstream.testing.SecuredServer.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Http;
import io.camstream.testing.SecuredServer;
import io.camstream.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State changes sent by a browser from another site are refused, whatever the credentials. */
class CrossSiteTest {
  @TempDir
  Path dir;

  @Test
  void oldGetRoutesAndJsonPostsRefuseOtherSitesButServeTheirOwnPagesAndScripts() {
    try (TestServer server = SecuredServer.start(dir, Map.of())) {
      var login = SecuredServer.login(server, "operator", SecuredServer.PASSWORD + " operator", "/");
      String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
      String cookie = setCookie.substring(0, setCookie.indexOf(';'));
      String self = "http://127.0.0.1:" + server.port();

      for (String[] foreign : new String[][] {{"Origin", "http://evil.example"}, {"Origin", "null"},
          {"Sec-Fetch-Site", "cross-site"}, {"Sec-Fetch-Site", "same-site"}, {"Origin", self + ".evil.example"}}) {
        var refused = get(server, "/grayscale?status=false", "Cookie", cookie, foreign[0], foreign[1]);
        assertThat(refused.statusCode()).as(foreign[0] + ": " + foreign[1]).isEqualTo(403);
        assertThat(refused.body()).contains("another site");
        var post = Http.send(SecuredServer.request(server, "/api/camera").header("Cookie", cookie)
            .header(foreign[0], foreign[1]).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"grayscale\",\"enabled\":true}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(403);
        // Basic credentials do not make a cross-site request acceptable either
        assertThat(get(server, "/grayscale?status=false", "Authorization", SecuredServer.basic(Role.ADMIN),
            foreign[0], foreign[1]).statusCode()).isEqualTo(403);
      }
      assertThat(SecuredServer.grayscale(server)).isFalse();
      // the WebSocket and SockJS handshakes check the Origin too
      assertThat(get(server, "/eventbus/info", "Cookie", cookie, "Origin", "http://evil.example").statusCode())
          .isEqualTo(403);
      assertThat(get(server, "/eventbus/info", "Cookie", cookie, "Origin", self).statusCode()).isEqualTo(200);

      // the page's own requests: same origin, or a script that sends no Origin at all
      assertThat(get(server, "/grayscale?status=false", "Cookie", cookie, "Sec-Fetch-Site", "same-origin").statusCode())
          .isEqualTo(200);
      var post = Http.send(SecuredServer.request(server, "/api/camera").header("Cookie", cookie).header("Origin", self)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"grayscale\",\"enabled\":false}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(200);
      assertThat(get(server, "/grayscale?status=false", "Authorization", SecuredServer.basic(Role.OPERATOR)).statusCode())
          .isEqualTo(200);
      // reading is not a state change: a foreign page may show the stream of a signed-in user
      assertThat(get(server, "/api/state", "Authorization", SecuredServer.basic(Role.VIEWER),
          "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void everyAnswerCarriesTheSecurityHeaders() {
    try (TestServer server = SecuredServer.start(dir, Map.of())) {
      for (String path : new String[] {"/login", "/health", "/nothing", "/api/state", "/css/login.css"}) {
        var response = get(server, path);
        assertThat(response.headers().firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(csp -> {
          assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        });
        assertThat(response.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
        assertThat(response.headers().firstValue("Referrer-Policy")).as(path).hasValue("same-origin");
      }
    }
  }
}
