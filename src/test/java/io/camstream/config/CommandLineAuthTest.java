package io.camstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** --auth maps onto auth.enabled; the user sub-command's words reach Main. */
class CommandLineAuthTest {
  @Test
  void authOnOrOffSetsAuthEnabled() {
    assertThat(CommandLine.parse(new String[] {"--auth", "off"}).overrides()).containsEntry("auth.enabled", "false");
    assertThat(CommandLine.parse(new String[] {"--auth=on"}).overrides()).containsEntry("auth.enabled", "true");
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--auth", "maybe"}))
        .isInstanceOf(CommandLine.UsageException.class).hasMessageContaining("on or off");
    assertThat(CommandLine.parse(new String[] {"user", "add", "alice", "viewer"}).rest())
        .containsExactly("user", "add", "alice", "viewer");
  }
}
