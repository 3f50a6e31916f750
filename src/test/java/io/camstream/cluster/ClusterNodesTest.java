package io.camstream.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Poll;
import io.camstream.testing.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PfxOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two members with the cluster's credentials, a third with another cluster's: real clustered
 * Vert.x instances on Infinispan over loopback, TLS on JGroups and on the event bus.
 */
class ClusterNodesTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static Path dir;
  private static ClusterCredentials ours;
  private static ClusterCredentials theirs;
  private static ClusterConfig configA;
  private static ClusterNode a;
  private static ClusterNode b;
  private static final List<String> rawReceived = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void twoMembers() throws Exception {
    dir = Files.createTempDirectory("camstream-cluster");
    ours = ClusterCommand.make(dir.resolve("ours"));
    theirs = ClusterCommand.make(dir.resolve("theirs"));
    int portA = TestServer.freePort();
    int portB = TestServer.freePort();
    configA = config(portA, TestServer.freePort(), ours.dir(), portA, portB);
    // both join at once, as members started together do
    Future<ClusterNode> joiningA = join(configA);
    Future<ClusterNode> joiningB = join(config(portB, TestServer.freePort(), ours.dir(), portA, portB));
    a = await(joiningA);
    b = await(joiningB);
    Poll.until(DEADLINE, "both members to see two members", () -> a.members().size() == 2 && b.members().size() == 2);
    a.vertx().eventBus().<String>consumer("test.a", m -> m.reply("a got " + m.body())).completion()
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    b.vertx().eventBus().<String>consumer("test.b", m -> m.reply("b got " + m.body())).completion()
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    a.vertx().eventBus().<String>consumer("test.raw", m -> rawReceived.add(m.body())).completion()
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void leave() throws Exception {
    for (ClusterNode node : new ClusterNode[] {a, b}) {
      if (node != null) {
        node.leave().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void membersWithTheSameCredentialsRequestAndReplyBothWays() {
    assertThat(Poll.until(DEADLINE, "a's request answered by b", () -> ask(a, "test.b", "from a"),
        reply -> reply != null)).isEqualTo("b got from a");
    assertThat(Poll.until(DEADLINE, "b's request answered by a", () -> ask(b, "test.a", "from b"),
        reply -> reply != null)).isEqualTo("a got from b");
  }

  @Test
  void aNodeWithAnotherClustersCredentialsCannotJoinNorReachTheMembersAddresses() throws Exception {
    ClusterNode intruder = await(join(config(TestServer.freePort(), TestServer.freePort(), theirs.dir(),
        configA.port())));
    try {
      // its join is over (it waited for an answer from a, got none, and started a cluster of its own)
      assertThat(intruder.members()).containsExactly(intruder.nodeId());
      assertThat(a.members()).hasSize(2).doesNotContain(intruder.nodeId());
      assertThat(b.members()).hasSize(2).doesNotContain(intruder.nodeId());
      Throwable refused = intruder.vertx().eventBus().request("test.a", "from the intruder",
          new DeliveryOptions().setSendTimeout(5000)).toCompletionStage().toCompletableFuture()
          .handle((reply, failure) -> failure).get(30, TimeUnit.SECONDS);
      assertThat(refused).isInstanceOf(ReplyException.class);
      assertThat(((ReplyException) refused).failureType()).isEqualTo(ReplyFailure.NO_HANDLERS);
    } finally {
      intruder.leave().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Two members that each started a cluster alone (the second does not list the first) merge
   * once the first's discovery finds the second; each must then still know the other's event-bus
   * address, which a merge keeping one side's entries only would lose.
   */
  @Test
  void membersThatStartedApartMergeAndReachEachOther() throws Exception {
    int portC = TestServer.freePort();
    int portD = TestServer.freePort();
    ClusterNode c = await(join(config(portC, TestServer.freePort(), ours.dir(), portC, portD)));
    ClusterNode d = null;
    try {
      d = await(join(config(portD, TestServer.freePort(), ours.dir(), portD)));
      assertThat(d.members()).as("d started alone").containsExactly(d.nodeId());
      c.vertx().eventBus().<String>consumer("test.c", m -> m.reply("c got " + m.body())).completion()
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      d.vertx().eventBus().<String>consumer("test.d", m -> m.reply("d got " + m.body())).completion()
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      ClusterNode joined = d;
      Poll.until(Duration.ofSeconds(40), "c and d to merge", () -> c.members().size() == 2 && joined.members().size() == 2);
      assertThat(Poll.until(DEADLINE, "c's request answered by d", () -> ask(c, "test.d", "from c"),
          reply -> reply != null)).isEqualTo("d got from c");
      assertThat(Poll.until(DEADLINE, "d's request answered by c", () -> ask(joined, "test.c", "from d"),
          reply -> reply != null)).isEqualTo("c got from d");
    } finally {
      c.leave().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      if (d != null) {
        d.leave().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Vert.x's own wire frame written straight to a member's event-bus port: taken from a
   * connection with the cluster's certificate, refused from one with another CA's certificate,
   * with none, or without TLS. The accepted frame, sent last, shows the refused ones were not
   * merely slow.
   */
  @Test
  void theEventBusPortTakesMessagesOnlyFromAHolderOfTheClustersCertificate() throws Exception {
    Vertx client = Vertx.vertx();
    try {
      NetClientOptions tls = new NetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("")
          .setConnectTimeout(10_000);
      assertRefused(client, new NetClientOptions(tls).setTrustAll(true).setKeyCertOptions(keyOf(theirs)), "other CA");
      assertRefused(client, new NetClientOptions(tls).setTrustAll(true), "no certificate");
      assertRefused(client, new NetClientOptions().setConnectTimeout(10_000), "no TLS");
      NetSocket accepted = await(client.createNetClient(new NetClientOptions(tls).setKeyCertOptions(keyOf(ours))
          .setTrustOptions(new PfxOptions().setPath(ours.trustStore().toString()).setPassword(ours.password())))
          .connect(configA.busPort(), configA.host()));
      accepted.write(wireFrame("test.raw", "from the cluster's certificate"));
      Poll.until(DEADLINE, "the frame from the cluster's certificate", () -> !rawReceived.isEmpty());
      assertThat(rawReceived).containsExactly("from the cluster's certificate");
    } finally {
      client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** Connects, writes a frame and waits until the member has closed the connection (or refused it outright). */
  private static void assertRefused(Vertx client, NetClientOptions options, String what) throws Exception {
    Promise<String> outcome = Promise.promise();
    client.createNetClient(options).connect(configA.busPort(), configA.host()).onComplete(connected -> {
      if (connected.failed()) {
        outcome.tryComplete("connection failed: " + connected.cause().getMessage());
        return;
      }
      NetSocket socket = connected.result();
      socket.closeHandler(v -> outcome.tryComplete("closed by the member"));
      socket.write(wireFrame("test.raw", "from " + what));
    });
    String result = await(outcome.future());
    assertThat(result).as(what).matches("connection failed: .*|closed by the member");
  }

  private static PfxOptions keyOf(ClusterCredentials credentials) {
    return new PfxOptions().setPath(credentials.keyStore().toString()).setPassword(credentials.password())
        .setAlias(ClusterCredentials.KEY_ALIAS);
  }

  /** A send of a String as Vert.x 5's clustered event bus writes it (ClusteredMessage.encodeToWire). */
  private static Buffer wireFrame(String address, String body) {
    Buffer frame = Buffer.buffer().appendInt(0)
        .appendByte((byte) 2) // wire protocol version
        .appendByte((byte) 9) // the String codec's system id
        .appendByte((byte) 0); // a send, not a publish
    appendString(frame, address);
    frame.appendInt(0); // no reply address
    appendString(frame, "an outsider");
    frame.appendInt(4); // no headers
    appendString(frame, body);
    return frame.setInt(0, frame.length() - 4);
  }

  private static void appendString(Buffer frame, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    frame.appendInt(bytes.length).appendBytes(bytes);
  }

  /** The reply, or null while the address is not yet known on this member. */
  private static String ask(ClusterNode from, String address, String body) {
    try {
      return from.vertx().eventBus().<String>request(address, body, new DeliveryOptions().setSendTimeout(5000))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
    } catch (Exception notYet) {
      return null;
    }
  }

  static ClusterConfig config(int port, int busPort, Path credentials, int... memberPorts) {
    JsonArray members = new JsonArray();
    for (int memberPort : memberPorts) {
      members.add("127.0.0.1:" + memberPort);
    }
    return ClusterConfig.from(new JsonObject().put("cluster", new JsonObject().put("enabled", true)
        .put("host", "127.0.0.1").put("port", port).put("busPort", busPort).put("members", members)
        .put("credentials", credentials.toString())));
  }

  private static Future<ClusterNode> join(ClusterConfig config) {
    // the join blocks for the cluster manager's handshake: off this thread, so members can join together
    Promise<ClusterNode> joined = Promise.promise();
    Thread thread = new Thread(() -> ClusterNode.join(Vertx.builder(), new VertxOptions(), config)
        .onComplete(joined), "join-" + config.port());
    thread.start();
    return joined.future();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
