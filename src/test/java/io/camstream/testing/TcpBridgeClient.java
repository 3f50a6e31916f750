package io.camstream.testing;

import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/** A blocking client of the TCP event-bus bridge protocol: 4-byte length, then JSON. */
public final class TcpBridgeClient implements AutoCloseable {
  private final Socket socket = new Socket();
  private final DataInputStream in;
  private final DataOutputStream out;

  public TcpBridgeClient(int port) throws IOException {
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(20_000);
    in = new DataInputStream(socket.getInputStream());
    out = new DataOutputStream(socket.getOutputStream());
  }

  public synchronized void write(JsonObject message) throws IOException {
    byte[] json = message.encode().getBytes(StandardCharsets.UTF_8);
    out.writeInt(json.length);
    out.write(json);
    out.flush();
  }

  public JsonObject read() throws IOException {
    int length = in.readInt();
    byte[] json = in.readNBytes(length);
    return new JsonObject(new String(json, StandardCharsets.UTF_8));
  }

  /** Reads until a message matches, failing after {@code max} others. */
  public JsonObject readUntil(Predicate<JsonObject> match, int max) throws IOException {
    for (int i = 0; i < max; i++) {
      JsonObject message = read();
      if (match.test(message)) {
        return message;
      }
    }
    throw new AssertionError("no matching bridge message in " + max);
  }

  public void register(String address) throws IOException {
    write(new JsonObject().put("type", "register").put("address", address));
  }

  public void send(String address, JsonObject body, String replyAddress) throws IOException {
    write(new JsonObject().put("type", "send").put("address", address).put("body", body).put("replyAddress", replyAddress));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
