package io.camstream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Like {@link SharedServer}, for classes that need the {@link TestServer} itself (its
 * config, {@link CameraState}, {@link SecuredServer}'s calls): one server for all the tests
 * of a class, {@code @RegisterExtension static final ClassWideServer server = ...}.
 */
public final class ClassWideServer implements BeforeAllCallback, AfterAllCallback {
  private final Supplier<TestServer> starter;
  private TestServer server;

  private ClassWideServer(Supplier<TestServer> starter) {
    this.starter = starter;
  }

  /** @param overrides dotted config keys to values, as with {@link TestServer#start(Map)} */
  public static ClassWideServer open(Map<String, String> overrides) {
    return new ClassWideServer(() -> TestServer.start(overrides));
  }

  /** Access control on with {@link SecuredServer}'s three users, in a folder of its own. */
  public static ClassWideServer secured(Map<String, String> more) {
    return new ClassWideServer(() -> {
      try {
        return SecuredServer.start(Files.createTempDirectory("camstream-users"), more);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = starter.get();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
    }
  }

  public TestServer get() {
    if (server == null) {
      throw new IllegalStateException("the class's server is not started (register the extension as a static field)");
    }
    return server;
  }
}
