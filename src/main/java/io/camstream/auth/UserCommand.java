package io.camstream.auth;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar camstream.jar user ...}: manages the users file. Passwords are read from
 * the terminal without echo, or one line from standard input when it is not a terminal.
 */
public final class UserCommand {
  private final UserStore store;
  private final PrintStream out;
  private final BufferedReader stdin;

  UserCommand(UserStore store, PrintStream out, BufferedReader stdin) {
    this.store = store;
    this.out = out;
    this.stdin = stdin;
  }

  /**
   * Runs the command; returns the process exit code. A users file that does not exist means
   * this is not where the server keeps it (it makes one at its first start), so the command
   * refuses rather than start a second file the server never reads, unless {@code create}.
   *
   * @param usersFileOrigin where auth.usersFile was set, e.g. "config file /etc/camstream/config.json", or ""
   */
  public static int run(List<String> words, AuthConfig config, boolean create, String usersFileOrigin,
      PrintStream out, PrintStream err) {
    UserStore store = new UserStore(config.usersFile(), config.passwordIterations());
    if (!create && !Files.exists(config.usersFile())) {
      err.println("camstream user: there is no users file at " + config.usersFile() + " (auth.usersFile from "
          + (usersFileOrigin.isEmpty() ? "the built-in default conf/users.json" : usersFileOrigin)
          + "; a relative path starts in the working folder " + Path.of("").toAbsolutePath() + "), so no server keeps"
          + " its users here. Run the command as the server runs: from its working folder, with its --config and"
          + " CAMSTREAM_* settings; installed with docker/install.sh: sudo camstream user ...; in Docker: docker"
          + " compose exec camstream camstream user ... . To start a new users file here instead, add --create.");
      return 2;
    }
    try {
      store.load();
      new UserCommand(store, out, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)))
          .execute(words);
      return 0;
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("camstream user: " + e.getMessage());
      return 2;
    } catch (IOException | RuntimeException e) {
      err.println("camstream user: " + e.getMessage());
      return 1;
    }
  }

  void execute(List<String> words) throws IOException {
    String action = words.size() > 1 ? words.get(1) : "list";
    String name = words.size() > 2 ? words.get(2) : null;
    switch (action) {
      case "list" -> {
        out.println("users in " + store.file() + ":");
        store.all().forEach(u -> out.println("  " + u.name() + "  " + u.role().label() + "  tokens: " + u.tokens().size()));
      }
      case "add" -> {
        need(name, words.size() > 3, "user add NAME viewer|operator|admin");
        store.add(name, Role.ofUser(words.get(3)), password("password for " + name));
        out.println("added " + name);
      }
      case "passwd" -> {
        need(name, true, "user passwd NAME");
        store.setPassword(name, password("new password for " + name));
        out.println("password of " + name + " changed; its browser sessions are closed");
      }
      case "role" -> {
        need(name, words.size() > 3, "user role NAME viewer|operator|admin");
        store.setRole(name, Role.ofUser(words.get(3)));
        out.println(name + " is now " + words.get(3));
      }
      case "token" -> {
        need(name, true, "user token NAME");
        String token = store.newToken(name);
        out.println("API token for " + name + " (shown only now; send it as Authorization: Bearer TOKEN):");
        out.println(token);
      }
      case "revoke" -> {
        need(name, true, "user revoke NAME");
        store.revokeTokens(name);
        out.println("every API token of " + name + " is revoked");
      }
      case "remove" -> {
        need(name, true, "user remove NAME");
        store.remove(name);
        out.println("removed " + name);
      }
      default -> throw new IllegalArgumentException("unknown action \"" + action
          + "\"; use list, add, passwd, role, token, revoke or remove");
    }
  }

  private static void need(String name, boolean enough, String usage) {
    if (name == null || !enough) {
      throw new IllegalArgumentException("usage: java -jar camstream.jar " + usage);
    }
  }

  private String password(String prompt) throws IOException {
    Console console = System.console();
    if (console != null) {
      char[] typed = console.readPassword("%s: ", prompt);
      char[] again = typed == null ? null : console.readPassword("again: ");
      if (typed == null || !Arrays.equals(typed, again)) {
        throw new IllegalArgumentException("the two passwords differ");
      }
      return new String(typed);
    }
    String line = stdin.readLine();
    if (line == null) {
      throw new IllegalArgumentException("no password on standard input");
    }
    return line;
  }
}
