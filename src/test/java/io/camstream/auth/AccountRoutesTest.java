package io.camstream.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.ClassWideServer;
import io.camstream.testing.Http;
import io.camstream.testing.SecuredServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GET /api/me and the pages' list of actions, which comes from the access table. */
class AccountRoutesTest {
  @RegisterExtension
  static final ClassWideServer secured = ClassWideServer.secured(Map.of());
  @RegisterExtension
  static final ClassWideServer anonymousViewers = ClassWideServer.secured(Map.of("auth.allowAnonymousViewers", "true"));
  @RegisterExtension
  static final ClassWideServer open = ClassWideServer.open(Map.of("auth.enabled", "false"));

  private static JsonObject me(HttpResponse<String> answer) {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
    return new JsonObject(answer.body());
  }

  @Test
  void eachRoleIsToldWhoItIsAndWhichControlsItMayUse() {
    JsonObject viewer = me(SecuredServer.as(Role.VIEWER, secured.get(), "/api/me"));
    assertThat(viewer.getString("user")).isEqualTo("viewer");
    assertThat(viewer.getString("role")).isEqualTo("viewer");
    assertThat(viewer.getBoolean("signedIn")).isTrue();
    assertThat(viewer.getBoolean("signInRequired")).isTrue();
    assertThat(viewer.getBoolean("canChangePassword")).isTrue();
    assertThat(viewer.getJsonArray("may").getList()).isEmpty();

    assertThat(me(SecuredServer.as(Role.OPERATOR, secured.get(), "/api/me")).getJsonArray("may").getList())
        .containsExactly("camera", "light", "snapshot", "record", "addMedia");
    assertThat(me(SecuredServer.as(Role.ADMIN, secured.get(), "/api/me")).getJsonArray("may").getList())
        .containsExactly("camera", "light", "snapshot", "record", "addMedia", "deleteMedia", "newDatabase", "cameras");

    HttpResponse<String> nobody = Http.get(secured.get().url("/api/me"));
    assertThat(nobody.statusCode()).as("the page's check for a lost sign-in").isEqualTo(401);
  }

  @Test
  void visitorsAndServersWithoutSignInAreToldSoPlainly() {
    JsonObject visitor = me(Http.get(anonymousViewers.get().url("/api/me")));
    assertThat(visitor.getValue("user")).isNull();
    assertThat(visitor.getBoolean("signedIn")).isFalse();
    assertThat(visitor.getBoolean("signInRequired")).isFalse();
    assertThat(visitor.getBoolean("canChangePassword")).isFalse();
    assertThat(visitor.getString("role")).isEqualTo("viewer");
    assertThat(visitor.getString("note")).contains("not signed in", "auth.allowAnonymousViewers");

    JsonObject anyone = me(Http.get(open.get().url("/api/me")));
    assertThat(anyone.getBoolean("signInEnabled")).isFalse();
    assertThat(anyone.getBoolean("signInRequired")).isFalse();
    assertThat(anyone.getString("role")).isEqualTo("admin");
    assertThat(anyone.getString("note")).contains("sign-in is off", "auth.enabled=false");
    assertThat(anyone.getJsonArray("may").getList()).hasSize(AccessPolicy.PAGE_ACTIONS.size());
    HttpResponse<String> password = Http.postJson(open.get().url("/api/me/password"),
        "{\"currentPassword\": \"x\", \"newPassword\": \"yyyyyyyy\"}");
    assertThat(password.statusCode()).isEqualTo(409);
    assertThat(password.body()).contains("sign-in is off");

    HttpResponse<String> visitorPassword = Http.postJson(anonymousViewers.get().url("/api/me/password"),
        "{\"currentPassword\": \"x\", \"newPassword\": \"yyyyyyyy\"}");
    assertThat(visitorPassword.statusCode()).isEqualTo(403);
    assertThat(visitorPassword.body()).contains("sign in");
  }

  /** The pages mark controls with data-needs; a name the server does not know would hide a control from everyone. */
  @Test
  void everyActionThePagesNameIsOneTheServerListsAndSends() throws IOException {
    Set<String> known = AccessPolicy.PAGE_ACTIONS.stream().map(AccessPolicy.PageAction::name)
        .collect(Collectors.toCollection(TreeSet::new));
    String pages = read(Path.of("src/main/resources/templates")) + read(Path.of("webroot/js"));
    Set<String> named = new TreeSet<>();
    Matcher marks = Pattern.compile("data-needs=\"([^\"]*)\"|dataset\\.needs = '([^']*)'").matcher(pages);
    while (marks.find()) {
      String names = marks.group(1) != null ? marks.group(1) : marks.group(2);
      named.addAll(List.of(names.split(" ")));
    }
    assertThat(named).isEqualTo(known);
    String scripts = read(Path.of("webroot/js"));
    for (AccessPolicy.PageAction action : AccessPolicy.PAGE_ACTIONS) {
      // a camera's path is written around its id: '/api/cameras/' + id + '/snapshot'
      for (String piece : action.path().split("ID", -1)) {
        if (!piece.isEmpty()) {
          assertThat(scripts).as("the request behind " + action.name()).contains("'" + piece);
        }
      }
    }
  }

  private static String read(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      StringBuilder all = new StringBuilder();
      for (Path file : files.sorted().toList()) {
        all.append(Files.readString(file)).append('\n');
      }
      return all.toString();
    }
  }
}
