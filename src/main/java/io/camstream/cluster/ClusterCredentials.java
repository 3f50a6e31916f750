package io.camstream.cluster;

import io.camstream.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.Collections;
import java.util.List;

/**
 * The folder every member of a cluster holds a copy of: a key and certificate signed by the
 * cluster's own CA ({@value #KEY_STORE}), that CA's certificate as the only one trusted
 * ({@value #TRUST_STORE}), and the password of both ({@value #PASSWORD}). The cluster manager's
 * and the event bus's connections are TLS with a client certificate both ways, so only a holder
 * of these files can join, send or read.
 */
public record ClusterCredentials(Path dir, Path keyStore, Path trustStore, String password) {
  public static final String KEY_STORE = "node.p12";
  public static final String TRUST_STORE = "trust.p12";
  public static final String PASSWORD = "password";
  public static final String CA_CERTIFICATE = "ca.crt";
  /** The alias of the member's key in {@value #KEY_STORE}. */
  public static final String KEY_ALIAS = "node";
  static final String KEY = ClusterConfig.SECTION + ".credentials";

  /** Reads and opens the folder's files, or says which one is missing or unusable and how to make them. */
  public static ClusterCredentials read(Path dir) {
    String make = "; make the files with `java -jar camstream.jar cluster credentials " + dir + "` and give every"
        + " member a copy of the same folder";
    if (!Files.isDirectory(dir)) {
      throw ConfigException.badValue(KEY, dir.toString(), "there is no folder " + dir.toAbsolutePath() + make);
    }
    Path keyStore = dir.resolve(KEY_STORE);
    Path trustStore = dir.resolve(TRUST_STORE);
    Path passwordFile = dir.resolve(PASSWORD);
    for (Path file : new Path[] {keyStore, trustStore, passwordFile}) {
      if (!Files.isRegularFile(file)) {
        throw ConfigException.badValue(KEY, dir.toString(), "the folder has no " + file.getFileName() + make);
      }
      if (!Files.isReadable(file)) {
        throw ConfigException.badValue(KEY, dir.toString(), file + " cannot be read by this user; give the user"
            + " that runs camstream read access (the files are meant to be mode 0600, owned by that user)");
      }
    }
    String password;
    try {
      password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw ConfigException.badValue(KEY, dir.toString(), "cannot read " + passwordFile + ": " + e.getMessage());
    }
    if (password.isEmpty()) {
      throw ConfigException.badValue(KEY, dir.toString(), passwordFile + " is empty" + make);
    }
    KeyStore keys = open(keyStore, password, dir, make);
    KeyStore trusted = open(trustStore, password, dir, make);
    if (!isEntry(keys, KEY_ALIAS, true)) {
      throw ConfigException.badValue(KEY, dir.toString(), keyStore + " holds no key \"" + KEY_ALIAS + "\"" + make);
    }
    if (aliases(trusted).stream().noneMatch(alias -> isEntry(trusted, alias, false))) {
      throw ConfigException.badValue(KEY, dir.toString(), trustStore + " trusts no certificate" + make);
    }
    return new ClusterCredentials(dir, keyStore, trustStore, password);
  }

  private static KeyStore open(Path file, String password, Path dir, String make) {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw ConfigException.badValue(KEY, dir.toString(), file + " cannot be opened with the password in "
          + dir.resolve(PASSWORD) + " (" + e.getMessage() + "): the files are not from one run of the command"
          + make);
    }
  }

  /** Whether {@code alias} is a private key (or a trusted certificate) of a loaded store. */
  private static boolean isEntry(KeyStore store, String alias, boolean key) {
    try {
      return key ? store.isKeyEntry(alias) : store.isCertificateEntry(alias);
    } catch (KeyStoreException notLoaded) {
      return false;
    }
  }

  private static List<String> aliases(KeyStore store) {
    try {
      return Collections.list(store.aliases());
    } catch (KeyStoreException notLoaded) {
      return List.of();
    }
  }
}
