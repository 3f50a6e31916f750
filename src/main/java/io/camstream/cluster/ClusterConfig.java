package io.camstream.cluster;

import io.camstream.config.ConfigException;
import io.camstream.config.ConfigSection;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code cluster} section: whether this server joins other camstream servers, where the
 * others reach it, whom it asks to join, and the credentials every member must hold. Reading
 * it loads no cluster-manager class: a single server pays nothing for clustering.
 *
 * @param host the address of this machine the other members reach it at (cluster manager and event bus)
 * @param port the cluster manager's port (membership, discovery, the list of bus addresses)
 * @param busPort the event bus's own port (messages between members)
 * @param members other members to ask when joining; one that is up is enough
 * @param credentials the folder made by {@code camstream cluster credentials DIR}
 */
public record ClusterConfig(boolean enabled, String host, int port, int busPort, List<Member> members, Role role,
    Path credentials) {
  public static final String SECTION = "cluster";

  /** What this node does in a cluster; every node captures and serves its own cameras either way. */
  public enum Role {
    CAMERA, HUB, BOTH;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A member's cluster-manager address, as {@code host:port} in the configuration. */
  public record Member(String host, int port) {
    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  public static ClusterConfig from(JsonObject config) {
    ConfigSection c = new ConfigSection("", config).section(SECTION);
    c.rejectUnknown("enabled", "host", "port", "busPort", "members", "role", "credentials");
    boolean enabled = c.bool("enabled", false);
    String host = c.string("host", "").strip();
    int port = c.integer("port", 7800, 1, 65535);
    int busPort = c.integer("busPort", 7801, 1, 65535);
    List<Member> members = members(c);
    Role role = Role.valueOf(c.choice("role", "both", "camera", "hub", "both").toUpperCase(Locale.ROOT));
    String credentials = c.string("credentials", "conf/cluster").strip();
    if (enabled) {
      if (host.isEmpty()) {
        throw ConfigException.badValue(c.key("host"), host, "with cluster.enabled, give the address of this machine"
            + " that the other members reach, e.g. 192.168.1.20");
      }
      if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
        throw ConfigException.badValue(c.key("host"), host, "the other members cannot reach " + host + "; give one"
            + " address of this machine, e.g. 192.168.1.20");
      }
      if (port == busPort) {
        throw ConfigException.badValue(c.key("busPort"), busPort, "cluster.port is " + port + " too; the cluster"
            + " manager and the event bus each need their own port, e.g. 7800 and 7801");
      }
      rejectSamePortAs(config, "server", "port", c.key("port"), port);
      rejectSamePortAs(config, "server", "port", c.key("busPort"), busPort);
      if (credentials.isEmpty()) {
        throw ConfigException.badValue(c.key("credentials"), credentials, "give the folder made by java -jar"
            + " camstream.jar cluster credentials DIR (every member needs a copy of the same folder)");
      }
    }
    return new ClusterConfig(enabled, host, port, busPort, List.copyOf(members), role, Path.of(credentials));
  }

  /** A JSON list of "host:port", or (from an environment variable or --set) one string of them. */
  private static List<Member> members(ConfigSection c) {
    Object value = c.json().getValue("members");
    List<Object> items = new ArrayList<>();
    if (value instanceof JsonArray array) {
      array.forEach(items::add);
    } else if (value instanceof String text) {
      for (String item : text.split("[,\\s]+")) {
        if (!item.isEmpty()) {
          items.add(item);
        }
      }
    } else if (value != null) {
      throw ConfigException.badValue(c.key("members"), value, "use a list of \"HOST:PORT\" strings, e.g."
          + " [\"192.168.1.20:7800\", \"192.168.1.21:7800\"]");
    }
    List<Member> members = new ArrayList<>();
    for (Object item : items) {
      Member member = item instanceof String text ? parseMember(text.strip()) : null;
      if (member == null) {
        throw ConfigException.badValue(c.key("members"), item, "each member is \"HOST:PORT\" with the cluster.port"
            + " of that member, e.g. \"192.168.1.21:7800\" (an IPv6 address in brackets: \"[fd00::21]:7800\")");
      }
      members.add(member);
    }
    return members;
  }

  private static Member parseMember(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      return null;
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      return null;
    }
    if (host.isEmpty() || host.chars().anyMatch(ch -> Character.isWhitespace(ch) || ch == '/' || ch == '[' || ch == ']')) {
      return null;
    }
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      return port >= 1 && port <= 65535 ? new Member(host, port) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void rejectSamePortAs(JsonObject config, String section, String name, String key, int port) {
    JsonObject other = config.getValue(section) instanceof JsonObject json ? json : new JsonObject();
    if (other.getValue(name) instanceof Number number && number.intValue() == port) {
      throw ConfigException.badValue(key, port, section + "." + name + " is " + port + " too; choose another port");
    }
  }

  /** Members as the cluster manager's discovery takes them, this node included. */
  public List<Member> membersWithSelf() {
    List<Member> all = new ArrayList<>();
    all.add(new Member(host, port));
    members.stream().filter(m -> !all.contains(m)).forEach(all::add);
    return all;
  }
}
