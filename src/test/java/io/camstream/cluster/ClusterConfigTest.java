package io.camstream.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camstream.Camstream;
import io.camstream.config.ConfigException;
import io.camstream.config.ConfigLoader;
import io.camstream.config.LoadedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster section read as the server reads it at start: every layer, then Camstream.validate. */
class ClusterConfigTest {
  @TempDir
  Path dir;

  private static ClusterConfig started(Map<String, String> env, Map<String, String> options) {
    LoadedConfig loaded = ConfigLoader.read(null, env, options);
    loaded.validate(Camstream::validate);
    return ClusterConfig.from(loaded.json());
  }

  @Test
  void offByDefaultWithTheDocumentedValues() {
    ClusterConfig config = started(Map.of(), Map.of());
    assertThat(config.enabled()).isFalse();
    assertThat(config.host()).isEmpty();
    assertThat(config.port()).isEqualTo(7800);
    assertThat(config.busPort()).isEqualTo(7801);
    assertThat(config.members()).isEmpty();
    assertThat(config.role()).isEqualTo(ClusterConfig.Role.BOTH);
    assertThat(config.credentials()).isEqualTo(Path.of("conf/cluster"));
  }

  @Test
  void membersFromTheEnvironmentAndRoleFromTheCommandLine() {
    ClusterConfig config = started(Map.of("CAMSTREAM_CLUSTER_MEMBERS", "192.168.1.20:7800, [fd00::21]:7900 pi3.local:7800"),
        Map.of("cluster.role", "hub", "cluster.port", "7810", "cluster.busPort", "7811"));
    assertThat(config.members()).extracting(ClusterConfig.Member::toString)
        .containsExactly("192.168.1.20:7800", "[fd00::21]:7900", "pi3.local:7800");
    assertThat(config.members().get(1).host()).isEqualTo("fd00::21");
    assertThat(config.role()).isEqualTo(ClusterConfig.Role.HUB);
    assertThat(config.port()).isEqualTo(7810);
  }

  @Test
  void mistakesStopStartUpSayingWhatToFixAndWhereItWasSet() {
    assertThatThrownBy(() -> started(Map.of(), Map.of("cluster.enabled", "true")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cluster.host").hasMessageContaining("with cluster.enabled, give the address of this machine");
    assertThatThrownBy(() -> started(Map.of("CAMSTREAM_CLUSTER_MEMBERS", "192.168.1.20"), Map.of()))
        .hasMessageContaining("environment variable CAMSTREAM_CLUSTER_MEMBERS")
        .hasMessageContaining("cluster.members: \"192.168.1.20\" is not allowed").hasMessageContaining("HOST:PORT");
    assertThatThrownBy(() -> started(Map.of(), Map.of("cluster.members", "pi2:99999")))
        .hasMessageContaining("cluster.members").hasMessageContaining("\"pi2:99999\"");
    assertThatThrownBy(() -> started(Map.of(), Map.of("cluster.role", "viewer")))
        .hasMessageContaining("cluster.role").hasMessageContaining("camera, hub, both");
    assertThatThrownBy(() -> started(Map.of(), Map.of("cluster.enabled", "true", "cluster.host", "0.0.0.0")))
        .hasMessageContaining("cluster.host").hasMessageContaining("cannot reach 0.0.0.0");
    assertThatThrownBy(() -> started(Map.of(), Map.of("cluster.enabled", "true", "cluster.host", "192.168.1.20",
        "cluster.busPort", "7800"))).hasMessageContaining("cluster.busPort").hasMessageContaining("own port");
    assertThatThrownBy(() -> started(Map.of(), Map.of("cluster.enabled", "true", "cluster.host", "192.168.1.20",
        "cluster.port", "5000"))).hasMessageContaining("cluster.port").hasMessageContaining("server.port is 5000");
    assertThatThrownBy(() -> started(Map.of(), Map.of("cluster.prot", "7800")))
        .hasMessageContaining("cluster.prot").hasMessageContaining("not known");
  }

  @Test
  void credentialsThatAreMissingOrNotFromTheCommandSayHowToMakeThem() throws Exception {
    Path missing = dir.resolve("nowhere");
    assertThatThrownBy(() -> started(Map.of(), Map.of("cluster.enabled", "true", "cluster.host", "127.0.0.1",
        "cluster.credentials", missing.toString())))
        .hasMessageContaining("command-line option for cluster.credentials")
        .hasMessageContaining("there is no folder " + missing.toAbsolutePath())
        .hasMessageContaining("java -jar camstream.jar cluster credentials " + missing);

    Path broken = Files.createDirectories(dir.resolve("broken"));
    Files.writeString(broken.resolve(ClusterCredentials.PASSWORD), "secret\n");
    Files.write(broken.resolve(ClusterCredentials.KEY_STORE), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> started(Map.of("CAMSTREAM_CLUSTER_CREDENTIALS", broken.toString()),
        Map.of("cluster.enabled", "true", "cluster.host", "127.0.0.1")))
        .hasMessageContaining("environment variable CAMSTREAM_CLUSTER_CREDENTIALS")
        .hasMessageContaining("the folder has no trust.p12");
    Files.write(broken.resolve(ClusterCredentials.TRUST_STORE), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> started(Map.of("CAMSTREAM_CLUSTER_CREDENTIALS", broken.toString()),
        Map.of("cluster.enabled", "true", "cluster.host", "127.0.0.1")))
        .hasMessageContaining(broken.resolve(ClusterCredentials.KEY_STORE) + " cannot be opened with the password")
        .hasMessageContaining("cluster credentials " + broken);
  }
}
