package io.camstream.testing;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One whole server for all the tests of a class, where they do not interfere:
 * {@code @RegisterExtension static final SharedServer server = new SharedServer();}
 */
public final class SharedServer implements BeforeAllCallback, AfterAllCallback {
  private final Map<String, String> overrides;
  private TestServer server;

  public SharedServer() {
    this(Map.of());
  }

  /** @param overrides dotted config keys to values, as with {@link TestServer#start(Map)} */
  public SharedServer(Map<String, String> overrides) {
    this.overrides = overrides;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = TestServer.start(overrides);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
    }
  }

  public String url(String path) {
    return server.url(path);
  }

  public int port() {
    return server.port();
  }

  public Vertx vertx() {
    return server.vertx();
  }

  public Path mediaDir() {
    return server.mediaDir();
  }
}
