package io.camstream.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads /video_feed the way a browser does and checks its framing strictly: every part has
 * Content-Type, Content-Length and X-Timestamp headers, exactly that many bytes, and the
 * boundary right after the JPEG.
 */
public final class MjpegTestClient implements AutoCloseable {
  public record Part(Map<String, String> headers, byte[] jpeg, long arrivalNanos) {
    public double timestamp() {
      return Double.parseDouble(headers.get("x-timestamp"));
    }
  }

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final InputStream in;
  private final HttpResponse<InputStream> response;
  private final String boundary;

  public MjpegTestClient(String url) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET().build();
    response = Http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + response.statusCode());
    }
    String type = response.headers().firstValue("content-type").orElse("");
    if (!type.startsWith("multipart/x-mixed-replace")) {
      throw new IllegalStateException("not an M-JPEG stream: " + type);
    }
    boundary = "--" + type.substring(type.indexOf("boundary=") + 9).trim();
    in = new BufferedInputStream(response.body(), 1 << 16);
    try {
      String first = line();
      if (!first.equals(boundary)) {
        throw new IllegalStateException("stream must start with the boundary, got \"" + first + "\"");
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<InputStream> response() {
    return response;
  }

  public Part next() throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    String line;
    while (!(line = line()).isEmpty()) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        throw new IOException("bad part header line \"" + line + "\"");
      }
      headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    for (String required : new String[] {"content-type", "content-length", "x-timestamp"}) {
      if (!headers.containsKey(required)) {
        throw new IOException("part without " + required + ": " + headers);
      }
    }
    int length = Integer.parseInt(headers.get("content-length"));
    byte[] jpeg = in.readNBytes(length);
    if (jpeg.length != length) {
      throw new IOException("stream ended inside a part");
    }
    long arrival = System.nanoTime();
    String crlf = line();
    if (!crlf.isEmpty()) {
      throw new IOException("expected CRLF after the JPEG, got \"" + crlf + "\"");
    }
    String next = line();
    if (!next.equals(boundary)) {
      throw new IOException("expected the boundary right after the JPEG, got \"" + next + "\"");
    }
    return new Part(headers, jpeg, arrival);
  }

  private String line() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        byte[] bytes = out.toByteArray();
        int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.US_ASCII);
      }
      out.write(b);
      if (out.size() > 8192) {
        throw new IOException("header line over 8 KB");
      }
    }
    throw new IOException("stream ended");
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException ignored) {
      // closing a dead stream
    }
  }
}
