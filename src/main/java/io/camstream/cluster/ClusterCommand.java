package io.camstream.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar camstream.jar cluster credentials DIR}: makes a cluster's own CA and, signed
 * by it, the one key and certificate every member holds, with the JDK's keytool (no crypto
 * library in the jar). The CA's private key is not kept: nobody can sign a second certificate
 * for this cluster, so the folder itself is the whole secret; new credentials mean new files on
 * every member.
 */
public final class ClusterCommand {
  public static final String USAGE = "java -jar camstream.jar cluster credentials DIR";
  private static final String PASSWORD_VARIABLE = "CAMSTREAM_KEYTOOL_PASSWORD";
  private static final long KEYTOOL_TIMEOUT_SECONDS = 120;
  private static final String VALIDITY_DAYS = "3650";

  private ClusterCommand() {
  }

  /** Runs the command; returns the process exit code. */
  public static int run(List<String> words, PrintStream out, PrintStream err) {
    if (words.size() != 2 || !words.get(0).equals("credentials")) {
      err.println("camstream cluster: usage: " + USAGE);
      return 2;
    }
    Path dir = Path.of(words.get(1));
    try {
      make(dir);
    } catch (FileAlreadyExistsException e) {
      err.println("camstream cluster: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("camstream cluster: " + e.getMessage());
      return 1;
    }
    out.println("wrote the cluster's credentials to " + dir.toAbsolutePath() + " (" + ClusterCredentials.KEY_STORE
        + ", " + ClusterCredentials.TRUST_STORE + ", " + ClusterCredentials.PASSWORD + ", "
        + ClusterCredentials.CA_CERTIFICATE + "; mode 0600).");
    out.println("Copy the folder to every member (e.g. scp -rp), keep it private, and set cluster.credentials to it.");
    return 0;
  }

  /**
   * Makes the files in {@code dir} (created if needed, mode 0700). Refuses a folder that already
   * holds credentials: the members using them would be locked out by a silent replacement.
   */
  public static ClusterCredentials make(Path dir) throws IOException {
    for (String name : List.of(ClusterCredentials.KEY_STORE, ClusterCredentials.TRUST_STORE,
        ClusterCredentials.PASSWORD, ClusterCredentials.CA_CERTIFICATE)) {
      if (Files.exists(dir.resolve(name))) {
        throw new FileAlreadyExistsException(dir.resolve(name) + " already exists: " + dir + " holds a cluster's"
            + " credentials, and every member needs the same ones. Copy that folder to a new member; to replace them,"
            + " remove the folder first (then every member needs the new files)");
      }
    }
    Files.createDirectories(dir);
    setMode(dir, "rwx------");
    Path work = Files.createTempDirectory(dir, ".making-");
    String password = randomPassword();
    try {
      Path ca = work.resolve("ca.p12");
      Path request = work.resolve("node.csr");
      Path signed = work.resolve("node.crt");
      Path keyStore = work.resolve(ClusterCredentials.KEY_STORE);
      Path trustStore = work.resolve(ClusterCredentials.TRUST_STORE);
      Path caCertificate = work.resolve(ClusterCredentials.CA_CERTIFICATE);
      keytool(password, "-genkeypair", "-alias", "ca", "-dname", "CN=camstream cluster CA", "-ext", "bc:c",
          "-keyalg", "EC", "-groupname", "secp256r1", "-validity", VALIDITY_DAYS, "-keystore", ca.toString());
      keytool(password, "-genkeypair", "-alias", ClusterCredentials.KEY_ALIAS, "-dname", "CN=camstream node",
          "-keyalg", "EC", "-groupname", "secp256r1", "-validity", VALIDITY_DAYS, "-keystore", keyStore.toString());
      keytool(password, "-certreq", "-alias", ClusterCredentials.KEY_ALIAS, "-keystore", keyStore.toString(),
          "-file", request.toString());
      // both uses: every member is a TLS server to some and a client of others
      keytool(password, "-gencert", "-alias", "ca", "-keystore", ca.toString(), "-infile", request.toString(),
          "-outfile", signed.toString(), "-rfc", "-validity", VALIDITY_DAYS,
          "-ext", "ku:c=digitalSignature,keyAgreement", "-ext", "eku=serverAuth,clientAuth");
      keytool(password, "-exportcert", "-alias", "ca", "-keystore", ca.toString(), "-rfc",
          "-file", caCertificate.toString());
      // the reply is accepted only once its issuer is known to the key store
      keytool(password, "-importcert", "-noprompt", "-alias", "ca", "-file", caCertificate.toString(),
          "-keystore", keyStore.toString());
      keytool(password, "-importcert", "-noprompt", "-alias", ClusterCredentials.KEY_ALIAS, "-file", signed.toString(),
          "-keystore", keyStore.toString());
      keytool(password, "-importcert", "-noprompt", "-alias", "ca", "-file", caCertificate.toString(),
          "-keystore", trustStore.toString());
      Path passwordFile = work.resolve(ClusterCredentials.PASSWORD);
      Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
      for (Path file : List.of(keyStore, trustStore, passwordFile, caCertificate)) {
        setMode(file, "rw-------");
        Files.move(file, dir.resolve(file.getFileName()));
      }
    } finally {
      deleteTree(work);
    }
    return ClusterCredentials.read(dir);
  }

  private static void keytool(String password, String... arguments) throws IOException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    if (!Files.isExecutable(keytool)) {
      throw new IOException("the JDK's keytool is not at " + keytool + "; run the command with a Java that has it"
          + " (every JDK, and Debian's openjdk-17-jre-headless, do)");
    }
    List<String> command = new ArrayList<>(List.of(keytool.toString(), "-J-XX:TieredStopAtLevel=1",
        "-J-XX:+UseSerialGC"));
    command.addAll(List.of(arguments));
    // passwords through the environment: never on a command line other users can read
    command.addAll(List.of("-storetype", "PKCS12", "-storepass:env", PASSWORD_VARIABLE));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put(PASSWORD_VARIABLE, password);
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    try {
      if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("keytool " + arguments[0] + " did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while keytool " + arguments[0] + " ran", e);
    }
    if (process.exitValue() != 0) {
      throw new IOException("keytool " + arguments[0] + " failed (exit " + process.exitValue() + "): " + output);
    }
  }

  private static String randomPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void setMode(Path path, String mode) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
    } catch (UnsupportedOperationException notPosix) {
      // a file system without POSIX modes (FAT on a stick): the folder's own protection applies
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
