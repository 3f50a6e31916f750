package io.camstream.bench;

import io.camstream.cluster.ClusterConfig;
import io.camstream.cluster.ClusterNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One node of bench/cluster-managers.sh: a clustered Vert.x on a chosen cluster manager (or
 * none) on loopback that answers on {@code bench.node.INDEX} and asks every other node until
 * each has answered and each has asked it. It then prints one RESULT line: the time from the
 * JVM's start, heap used after a full collection, RSS, metaspace and threads, and keeps serving
 * the others until it is killed.
 */
public final class ClusterManagerProbe {
  static final String USAGE = """
      usage: java -cp camstream-bench.jar:camstream.jar[:cluster manager jars] io.camstream.bench.ClusterManagerProbe
          --mode none|hazelcast|infinispan|infinispan-tls --index I --nodes N --port-base P
          [--config FILE]       hazelcast: its cluster.xml; infinispan: the JGroups stack, infinispan.xml beside it
                                (both with ${...} system properties)
          [--credentials DIR]   infinispan-tls: camstream's own cluster (java -jar camstream.jar cluster credentials DIR)
        node I uses port P+I for the cluster manager and P+100+I for the event bus, on 127.0.0.1
      """;
  private static final String HOST = "127.0.0.1";
  private static final long ASK_TIMEOUT_MILLIS = 2000;
  private static final long RETRY_MILLIS = 100;

  private ClusterManagerProbe() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = LoadGenerator.parse(args);
    if (opts.containsKey("help") || !opts.containsKey("mode")) {
      System.out.print(USAGE);
      return;
    }
    String mode = opts.get("mode");
    int index = Integer.parseInt(opts.getOrDefault("index", "0"));
    int nodes = Integer.parseInt(opts.getOrDefault("nodes", "1"));
    int portBase = Integer.parseInt(opts.getOrDefault("port-base", "17800"));
    List<String> members = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      members.add(HOST + ":" + (portBase + i));
    }
    // read by the cluster managers' own configuration files
    System.setProperty("camstream.bench.port", String.valueOf(portBase + index));
    System.setProperty("camstream.bench.members", String.join(",", members));
    System.setProperty("camstream.bench.jgroups.hosts",
        String.join(",", members.stream().map(m -> m.replace(":", "[") + "]").toList()));
    VertxOptions options = new VertxOptions().setEventBusOptions(new EventBusOptions().setHost(HOST)
        .setPort(portBase + 100 + index).setClusterPublicHost(HOST));
    Future<Vertx> started = switch (mode) {
      case "none" -> Future.succeededFuture(Vertx.vertx());
      case "hazelcast" -> {
        System.setProperty("vertx.hazelcast.config", opts.get("config"));
        yield Vertx.builder().with(options).withClusterManager(byName(
            "io.vertx.spi.cluster.hazelcast.HazelcastClusterManager")).buildClustered();
      }
      case "infinispan" -> {
        System.setProperty("vertx.jgroups.config", opts.get("config"));
        System.setProperty("vertx.infinispan.config", Path.of(opts.get("config")).resolveSibling("infinispan.xml").toString());
        yield Vertx.builder().with(options).withClusterManager(byName(
            "io.vertx.ext.cluster.infinispan.InfinispanClusterManager")).buildClustered();
      }
      case "infinispan-tls" -> ClusterNode.join(Vertx.builder(), new VertxOptions(), ClusterConfig.from(new JsonObject()
          .put("cluster", new JsonObject().put("enabled", true).put("host", HOST).put("port", portBase + index)
              .put("busPort", portBase + 100 + index).put("members", new JsonArray(members))
              .put("credentials", opts.get("credentials"))))).map(ClusterNode::vertx);
      default -> throw new IllegalArgumentException("unknown --mode " + mode + "\n" + USAGE);
    };
    Vertx vertx = started.toCompletionStage().toCompletableFuture().get();
    Set<Integer> askedBy = ConcurrentHashMap.newKeySet();
    Promise<Void> everyoneAsked = Promise.promise();
    List<Integer> peers = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      peers.add(i);
    }
    vertx.eventBus().<Integer>consumer("bench.node." + index, message -> {
      askedBy.add(message.body());
      message.reply(index);
      if (askedBy.containsAll(peers)) {
        everyoneAsked.tryComplete();
      }
    }).completion()
        .compose(registered -> Future.all(peers.stream().map(peer -> ask(vertx, peer, index)).toList()))
        .compose(answered -> everyoneAsked.future())
        .onSuccess(done -> report(mode, nodes, index))
        .onFailure(e -> {
          System.err.println("probe failed: " + e);
          System.exit(1);
        });
  }

  private static ClusterManager byName(String className) throws ReflectiveOperationException {
    // only the Hazelcast runs have its jars: a compile-time reference would make them necessary everywhere
    return (ClusterManager) Class.forName(className).getConstructor().newInstance();
  }

  /** Asks a peer until it answers: its consumer may not be known cluster-wide yet. */
  private static Future<Void> ask(Vertx vertx, int peer, int index) {
    Promise<Void> answered = Promise.promise();
    askAgain(vertx, peer, index, answered);
    return answered.future();
  }

  private static void askAgain(Vertx vertx, int peer, int index, Promise<Void> answered) {
    vertx.eventBus().request("bench.node." + peer, index,
        new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MILLIS))
        .onSuccess(reply -> answered.complete())
        .onFailure(e -> vertx.setTimer(RETRY_MILLIS, t -> askAgain(vertx, peer, index, answered)));
  }

  private static void report(String mode, int nodes, int index) {
    long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    System.gc();
    long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long metaspace = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getName().equals("Metaspace"))
        .mapToLong(p -> p.getUsage().getUsed()).sum();
    int threads = ManagementFactory.getThreadMXBean().getThreadCount();
    int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
    System.out.printf("RESULT mode=%s nodes=%d index=%d joined_ms=%d heap_used_kib=%d rss_kib=%.0f metaspace_kib=%d"
        + " threads=%d classes=%d%n", mode, nodes, index, sinceStart, heapUsed / 1024,
        ProcStats.rssMegabytes("self") * 1024, metaspace / 1024, threads, classes);
    System.out.flush();
  }
}
