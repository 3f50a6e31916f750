package io.camstream.auth;

import static io.camstream.auth.SessionServers.get;
import static io.camstream.auth.SessionServers.post;
import static io.camstream.auth.SessionServers.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Http;
import io.camstream.testing.Poll;
import io.camstream.testing.SecuredServer;
import io.camstream.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Browser sessions kept in the sessions file across a restart of the whole server: stored as
 * digests only, owner-only, expiring as in memory, ended by sign-out, password change or
 * removal of the user, and a damaged file costs the sessions, never the start.
 */
class SessionsRestartTest {
  @TempDir
  Path dir;

  @Test
  void aSessionSurvivesARestartAndTheFileHoldsOnlyItsDigest() throws IOException {
    SessionServers servers = new SessionServers(dir);
    String session;
    try (TestServer server = servers.start()) {
      session = signIn(server, "operator");
      assertThat(get(server, "/api/me", session).statusCode()).isEqualTo(200);
    }
    Path file = servers.sessionsFile();
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String stored = Files.readString(file);
    assertThat(stored).doesNotContain(session).contains(UserStore.sha256(session));
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).as("no temporary files left").isEmpty();
    }

    try (TestServer server = servers.start()) {
      HttpResponse<String> me = get(server, "/api/me", session);
      assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
      assertThat(new JsonObject(me.body()).getString("user")).isEqualTo("operator");
      assertThat(get(server, "/grayscale?status=false", session).statusCode()).isEqualTo(200);

      HttpResponse<String> out = Http.send(SecuredServer.request(server, "/logout")
          .header("Cookie", Sessions.COOKIE + "=" + session).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(out.statusCode()).isEqualTo(303);
      assertThat(Files.readString(file)).as("signing out removes the stored session").doesNotContain(UserStore.sha256(session));
      assertThat(get(server, "/api/me", session).statusCode()).isEqualTo(401);
    }
    try (TestServer server = servers.start()) {
      assertThat(get(server, "/api/me", session).statusCode()).as("signed out before the restart").isEqualTo(401);
    }
  }

  @Test
  void aSessionIdleLongerThanTheLimitDoesNotComeBackAndLeavesTheFile() throws IOException {
    SessionServers servers = new SessionServers(dir);
    String stale;
    String fresh;
    try (TestServer server = servers.start()) {
      stale = signIn(server, "viewer");
      fresh = signIn(server, "admin");
    }
    // the stale one was last used 13 hours ago (auth.sessionHours is 12 by default)
    Path file = servers.sessionsFile();
    JsonObject stored = new JsonObject(Files.readString(file));
    JsonArray sessions = stored.getJsonArray("sessions");
    assertThat(sessions).hasSize(2);
    for (Object entry : sessions) {
      JsonObject session = (JsonObject) entry;
      if (session.getString("sha256").equals(UserStore.sha256(stale))) {
        session.put("lastSeen", System.currentTimeMillis() - 13 * 3_600_000L);
      }
    }
    Files.writeString(file, stored.encode());

    try (TestServer server = servers.start()) {
      assertThat(SecuredServer.read(file)).as("dropped when read at the start")
          .doesNotContain(UserStore.sha256(stale)).contains(UserStore.sha256(fresh));
      assertThat(get(server, "/api/me", stale).statusCode()).isEqualTo(401);
      assertThat(get(server, "/api/me", fresh).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aDamagedSessionsFileStartsTheServerWithNoSessions() throws IOException {
    SessionServers servers = new SessionServers(dir);
    String session;
    try (TestServer server = servers.start()) {
      session = signIn(server, "operator");
    }
    Files.writeString(servers.sessionsFile(), "{\"sessions\": [{\"sha256\": \"" + UserStore.sha256(session) + "\", \"us");

    try (TestServer server = servers.start()) {
      HttpResponse<String> refused = get(server, "/api/me", session);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
      assertThat(get(server, "/grayscale?status=false", session).statusCode()).isEqualTo(401);
      String again = signIn(server, "operator");
      assertThat(get(server, "/api/me", again).statusCode()).isEqualTo(200);
      JsonObject rewritten = new JsonObject(Files.readString(servers.sessionsFile()));
      assertThat(rewritten.getJsonArray("sessions")).hasSize(1);
      assertThat(Files.getPosixFilePermissions(servers.sessionsFile()))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
  }

  @Test
  void changingOnesOwnPasswordEndsTheOtherSessionsAndKeepsThisOneAcrossARestart() throws IOException {
    SessionServers servers = new SessionServers(dir);
    String oldPassword = SecuredServer.PASSWORD + " operator";
    String newPassword = "a brand new passphrase";
    String here;
    String elsewhere;
    try (TestServer server = servers.start()) {
      here = signIn(server, "operator");
      elsewhere = signIn(server, "operator");
      String viewer = signIn(server, "viewer");

      HttpResponse<String> wrong = post(server, "/api/me/password", here,
          "{\"currentPassword\": \"not it\", \"newPassword\": \"" + newPassword + "\"}");
      assertThat(wrong.statusCode()).isEqualTo(403);
      assertThat(wrong.body()).contains("current password is wrong");
      HttpResponse<String> tooShort = post(server, "/api/me/password", here,
          "{\"currentPassword\": \"" + oldPassword + "\", \"newPassword\": \"short\"}");
      assertThat(tooShort.statusCode()).isEqualTo(400);
      assertThat(tooShort.body()).contains("8 to 1024 characters");
      assertThat(post(server, "/api/me/password", here, "[1]").statusCode()).isEqualTo(400);
      assertThat(get(server, "/api/me", elsewhere).statusCode()).as("nothing changed yet").isEqualTo(200);

      HttpResponse<String> changed = post(server, "/api/me/password", here,
          "{\"currentPassword\": \"" + oldPassword + "\", \"newPassword\": \"" + newPassword + "\"}");
      assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
      assertThat(get(server, "/api/me", here).statusCode()).as("the session it was made in").isEqualTo(200);
      assertThat(get(server, "/api/me", elsewhere).statusCode()).as("the user's other session").isEqualTo(401);
      assertThat(get(server, "/api/me", viewer).statusCode()).as("another user's session").isEqualTo(200);
      assertThat(SecuredServer.get(server, "/api/me", "Authorization", SecuredServer.basic("operator", oldPassword))
          .statusCode()).isEqualTo(401);
      assertThat(SecuredServer.get(server, "/api/me", "Authorization", SecuredServer.basic("operator", newPassword))
          .statusCode()).isEqualTo(200);
      Poll.until(Duration.ofSeconds(10), "the ended session to leave the file",
          () -> SecuredServer.read(servers.sessionsFile()), text -> !text.contains(UserStore.sha256(elsewhere)));
    }
    try (TestServer server = servers.start()) {
      assertThat(get(server, "/api/me", here).statusCode()).isEqualTo(200);
      assertThat(get(server, "/api/me", elsewhere).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void aRemovedUserLosesItsStoredSessions() {
    SessionServers servers = new SessionServers(dir);
    try (TestServer server = servers.start()) {
      String admin = SecuredServer.basic(Role.ADMIN);
      HttpResponse<String> added = Http.send(SecuredServer.request(server, "/api/users").header("Authorization", admin)
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
              "{\"name\": \"walter\", \"role\": \"operator\", \"password\": \"walter's password\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
      String session = signIn(server, "walter", "walter's password");
      assertThat(SecuredServer.read(servers.sessionsFile())).contains(UserStore.sha256(session));
      HttpResponse<String> removed = Http.send(SecuredServer.request(server, "/api/users/walter")
          .header("Authorization", admin).DELETE().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(removed.statusCode()).isEqualTo(200);
      // before anyone uses the session again: the server forgets it on its own
      Poll.until(Duration.ofSeconds(10), "the removed user's session to leave the file",
          () -> SecuredServer.read(servers.sessionsFile()), text -> !text.contains(UserStore.sha256(session)));
      assertThat(get(server, "/api/me", session).statusCode()).isEqualTo(401);
    }
  }
}
