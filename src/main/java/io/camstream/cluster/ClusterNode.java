package io.camstream.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PfxOptions;
import io.vertx.ext.cluster.infinispan.InfinispanClusterManager;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.conflict.MergePolicy;
import org.infinispan.partitionhandling.PartitionHandling;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.configuration.global.ShutdownHookBehavior;
import org.infinispan.configuration.parsing.ConfigurationBuilderHolder;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachemanagerlistener.annotation.Merged;
import org.infinispan.notifications.cachemanagerlistener.annotation.ViewChanged;
import org.infinispan.notifications.cachemanagerlistener.event.MergeEvent;
import org.infinispan.notifications.cachemanagerlistener.event.ViewChangedEvent;
import org.infinispan.remoting.transport.Address;
import org.infinispan.remoting.transport.jgroups.JGroupsTransport;
import org.jgroups.JChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This server as a member of a cluster: a clustered Vert.x on Infinispan, whose JGroups
 * channel and event bus both speak TLS with a client certificate required from the cluster's
 * credentials. The only class that touches the cluster manager, so a server with clustering off
 * never loads one (Main reaches it only when cluster.enabled is true).
 */
public final class ClusterNode {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
  /** Infinispan caches the Vert.x cluster manager expects (vertx-infinispan's default-infinispan.xml). */
  private static final String DEFAULT_CACHE = "distributed-cache";
  private static final List<String> REPLICATED_CACHES = List.of("__vertx.subs", "__vertx.haInfo", "__vertx.nodeInfo");
  private static final String MAP_TEMPLATE = "__vertx.distributed.cache.configuration";
  private static final String CLUSTER_NAME = "camstream";

  private final Vertx vertx;
  private final DefaultCacheManager cacheManager;
  private final InfinispanClusterManager clusterManager;

  private ClusterNode(Vertx vertx, DefaultCacheManager cacheManager, InfinispanClusterManager clusterManager) {
    this.vertx = vertx;
    this.cacheManager = cacheManager;
    this.clusterManager = clusterManager;
  }

  /**
   * Joins the cluster (blocking for the cluster manager's join, a few seconds) and builds the
   * clustered Vert.x on it. {@code options} are the server's own; the event bus's are set here.
   */
  public static Future<ClusterNode> join(VertxBuilder builder, VertxOptions options, ClusterConfig config) {
    DefaultCacheManager cacheManager;
    try {
      requireLocalAddress(config.host());
      ClusterCredentials credentials = ClusterCredentials.read(config.credentials());
      cacheManager = startCacheManager(config, credentials);
      options.setEventBusOptions(eventBusOptions(config, credentials));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    cacheManager.addListener(new MembershipLog());
    InfinispanClusterManager clusterManager = new InfinispanClusterManager(cacheManager);
    return builder.with(options).withClusterManager(clusterManager).buildClustered()
        .recover(e -> {
          cacheManager.stop();
          return Future.failedFuture(e);
        })
        .map(vertx -> {
          ClusterNode node = new ClusterNode(vertx, cacheManager, clusterManager);
          LOG.info("cluster: joined as {} on {}:{} (event bus {}:{}), role {}; members now: {}", node.nodeId(),
              config.host(), config.port(), config.host(), config.busPort(), config.role().label(), node.members());
          return node;
        });
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The cluster manager's id of this member. */
  public String nodeId() {
    return clusterManager.getNodeId();
  }

  /** The ids of every member the cluster manager sees now, this one included. */
  public List<String> members() {
    return clusterManager.getNodes();
  }

  /** Closes Vert.x (which leaves the cluster), then the cluster manager's own channel and caches. */
  public Future<Void> leave() {
    return vertx.close().transform(closed -> {
      try {
        cacheManager.stop();
      } catch (RuntimeException e) {
        LOG.warn("cluster: the cluster manager did not stop cleanly: {}", e.getMessage());
      }
      return closed.succeeded() ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(closed.cause());
    });
  }

  /** One log line per change of the members (Infinispan's own are per cache, and quiet at the server's level). */
  @Listener(sync = false)
  public static final class MembershipLog {
    @ViewChanged
    public void changed(ViewChangedEvent event) {
      log(event);
    }

    /** After a network split heals, the two sides' members become one list again. */
    @Merged
    public void merged(MergeEvent event) {
      log(event);
    }

    private static void log(ViewChangedEvent event) {
      List<Address> before = event.getOldMembers();
      List<Address> now = event.getNewMembers();
      LOG.info("cluster: {} members now: {}{}{}", now.size(), now,
          now.stream().anyMatch(m -> !before.contains(m)) ? "; joined: " + now.stream()
              .filter(m -> !before.contains(m)).toList() : "",
          before.stream().anyMatch(m -> !now.contains(m)) ? "; gone: " + before.stream()
              .filter(m -> !now.contains(m)).toList() : "");
    }
  }

  static EventBusOptions eventBusOptions(ClusterConfig config, ClusterCredentials credentials) {
    return new EventBusOptions()
        .setHost(config.host())
        .setPort(config.busPort())
        .setClusterPublicHost(config.host())
        .setClusterPublicPort(config.busPort())
        .setSsl(true)
        .setClientAuth(ClientAuth.REQUIRED)
        .setKeyCertOptions(new PfxOptions().setPath(credentials.keyStore().toString())
            .setPassword(credentials.password()).setAlias(ClusterCredentials.KEY_ALIAS))
        .setTrustOptions(new PfxOptions().setPath(credentials.trustStore().toString())
            .setPassword(credentials.password()));
  }

  private static DefaultCacheManager startCacheManager(ClusterConfig config, ClusterCredentials credentials) {
    JChannel channel;
    try {
      channel = new JChannel(new ByteArrayInputStream(jgroupsStack(config, credentials)
          .getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException("cluster: the JGroups stack could not be set up: " + e.getMessage(), e);
    }
    ClassLoader loader = ClusterNode.class.getClassLoader();
    GlobalConfigurationBuilder global = new GlobalConfigurationBuilder().clusteredDefault();
    global.classLoader(loader).defaultCacheName(DEFAULT_CACHE)
        .transport().clusterName(CLUSTER_NAME).transport(new JGroupsTransport(channel));
    // camstream stops the cache manager itself, after Vert.x has left the cluster
    global.shutdown().hookBehavior(ShutdownHookBehavior.DONT_REGISTER);
    global.jmx().enabled(false);
    ConfigurationBuilderHolder holder = new ConfigurationBuilderHolder(loader, global);
    holder.newConfigurationBuilder(DEFAULT_CACHE).clustering().cacheMode(CacheMode.DIST_SYNC);
    // Members that start together can each form a cluster alone and merge a few seconds later; by
    // default the merge keeps one side's entries only, and the other side's members would stay
    // unknown ("Not a member of the cluster"). Their keys are per member, so a union is right.
    // A merge compares the caches segment by segment: a few hundred entries need 16, not 256.
    REPLICATED_CACHES.forEach(name -> holder.newConfigurationBuilder(name).clustering().cacheMode(CacheMode.REPL_SYNC)
        .hash().numSegments(16)
        .partitionHandling().whenSplit(PartitionHandling.ALLOW_READ_WRITES).mergePolicy(MergePolicy.PREFERRED_NON_NULL));
    holder.newConfigurationBuilder(MAP_TEMPLATE).template(true).clustering().cacheMode(CacheMode.DIST_SYNC);
    try {
      return new DefaultCacheManager(holder, true);
    } catch (RuntimeException e) {
      throw new IllegalStateException(cannotJoin(config, e), e);
    }
  }

  /**
   * JGroups over TCP with TLS and client certificates required (JGroups 5.2's TLS component): a
   * peer without a certificate from the cluster's CA fails the handshake, so it can neither join
   * nor read membership traffic. Discovery asks the configured members (TCPPING), never
   * multicast; diagnostics (a UDP socket) and FD_SOCK2 (a second, plain port) are left out.
   * Members that started apart (or were cut off) find each other within about 10 s (MERGE3).
   */
  static String jgroupsStack(ClusterConfig config, ClusterCredentials credentials) {
    String initialHosts = config.membersWithSelf().stream()
        .map(m -> m.host() + "[" + m.port() + "]").collect(Collectors.joining(","));
    return """
        <config xmlns="urn:org:jgroups">
          <TCP bind_addr="%s" bind_port="%d" port_range="0" diag.enabled="false" sock_conn_timeout="3000"
               thread_pool.min_threads="0" thread_pool.max_threads="32" thread_pool.keep_alive_time="60000"
               tls.enabled="true" tls.client_auth="NEED" tls.keystore_type="pkcs12" tls.keystore_path="%s"
               tls.keystore_password="%s" tls.keystore_alias="%s" tls.truststore_type="pkcs12"
               tls.truststore_path="%s" tls.truststore_password="%s"/>
          <RED/>
          <TCPPING initial_hosts="%s" port_range="0"/>
          <MERGE3 min_interval="2000" max_interval="5000" check_interval="8000"/>
          <FD_ALL3 interval="2000" timeout="8000"/>
          <VERIFY_SUSPECT2 timeout="1000"/>
          <pbcast.NAKACK2 use_mcast_xmit="false" xmit_interval="200"/>
          <UNICAST3 xmit_interval="200" conn_close_timeout="5000"/>
          <pbcast.STABLE desired_avg_gossip="5000" max_bytes="1M"/>
          <pbcast.GMS print_local_addr="false" join_timeout="2000"/>
          <UFC max_credits="2m" min_threshold="0.40"/>
          <MFC max_credits="2m" min_threshold="0.40"/>
          <FRAG4 frag_size="60000"/>
        </config>
        """.formatted(xml(config.host()), config.port(), xml(credentials.keyStore().toAbsolutePath().toString()),
        xml(credentials.password()), ClusterCredentials.KEY_ALIAS,
        xml(credentials.trustStore().toAbsolutePath().toString()), xml(credentials.password()), xml(initialHosts));
  }

  private static String xml(String text) {
    return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** JGroups binds to cluster.host: an address of another machine fails deep inside; say it plainly first. */
  private static void requireLocalAddress(String host) {
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("cluster.host " + host + " is not a known host name; give an address of this"
          + " machine, e.g. 192.168.1.20");
    }
    try {
      if (!address.isLoopbackAddress() && NetworkInterface.getByInetAddress(address) == null) {
        throw new IllegalStateException("cluster.host " + host + " (" + address.getHostAddress() + ") is not an"
            + " address of this machine; give one of its own (ip -br addr shows them), the one the other members reach");
      }
    } catch (SocketException e) {
      throw new IllegalStateException("cluster.host " + host + ": cannot list this machine's addresses: "
          + e.getMessage());
    }
  }

  private static String cannotJoin(ClusterConfig config, Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
        return "cluster.port " + config.port() + " on " + config.host() + " is already in use: another program (or"
            + " camstream) has it; stop it or choose another cluster.port";
      }
    }
    return "cluster: could not start the cluster manager on " + config.host() + ":" + config.port() + ": "
        + e.getMessage();
  }
}
