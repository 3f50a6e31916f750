package io.camstream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Http;
import io.camstream.testing.SharedServer;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The rendered pages and how their assets are cached. */
class PageRoutesTest {
  @RegisterExtension
  static final SharedServer server = new SharedServer();

  @Test
  void pagesAreRevalidatedAndLinkAssetsByContentVersion() {
    for (String path : new String[] {"/", "/database"}) {
      HttpResponse<String> page = Http.get(server.url(path));
      assertThat(page.statusCode()).as(path).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
      assertThat(page.body()).doesNotContain("{{").doesNotContain("<script>");
      Matcher css = Pattern.compile("href=\"(/css/app\\.css\\?v=[0-9a-f]{12})\"").matcher(page.body());
      assertThat(css.find()).as("versioned stylesheet link in " + path).isTrue();
      HttpResponse<String> asset = Http.get(server.url(css.group(1)));
      assertThat(asset.statusCode()).isEqualTo(200);
      assertThat(asset.headers().firstValue("Cache-Control").orElse("")).contains("max-age=3600");
    }
    assertThat(Http.get(server.url("/")).body()).contains("/js/live.js?v=", "/js/common.js?v=", "id=\"live\"");
    assertThat(Http.get(server.url("/database")).body()).contains("/js/database.js?v=", "id=\"add-form\"");
  }

  @Test
  void theStateSocketPathAnswersPlainRequestsWithAHint() {
    HttpResponse<String> plain = Http.get(server.url(LiveStateSocket.PATH));
    assertThat(plain.statusCode()).isEqualTo(400);
    assertThat(plain.body()).contains("WebSocket");
  }
}
