package io.camstream.capture;

import io.camstream.format.MjpegStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.util.Locale;

/** Pulls an existing M-JPEG HTTP camera and re-serves it, pictures untouched. */
public final class MjpegUrlSource implements FrameSource {
  private static final int TIMEOUT_MILLIS = 5000;

  private final String url;
  private HttpURLConnection connection;
  private InputStream body;
  private MjpegStreamReader reader;

  public MjpegUrlSource(String url) {
    this.url = url;
  }

  @Override
  public String description() {
    return "M-JPEG stream " + url;
  }

  @Override
  public void open() throws SourceException {
    close();
    try {
      URL address = URI.create(url).toURL();
      connection = (HttpURLConnection) address.openConnection();
      connection.setConnectTimeout(TIMEOUT_MILLIS);
      connection.setReadTimeout(TIMEOUT_MILLIS);
      connection.setRequestProperty("Accept", "multipart/x-mixed-replace, */*");
      int status = connection.getResponseCode();
      if (status != 200) {
        throw new SourceException(url + " answered HTTP " + status + "; check the address");
      }
      String type = String.valueOf(connection.getContentType()).toLowerCase(Locale.ROOT);
      if (!type.startsWith("multipart/")) {
        throw new SourceException(url + " sends " + type + ", not an M-JPEG stream (multipart/x-mixed-replace)");
      }
      body = connection.getInputStream();
      reader = new MjpegStreamReader(body, 32 * 1024 * 1024);
    } catch (IOException | IllegalArgumentException e) {
      close();
      throw new SourceException("cannot reach " + url + ": " + e.getMessage());
    } catch (SourceException e) {
      close();
      throw e;
    }
  }

  @Override
  public CapturedImage read() throws SourceException {
    try {
      return CapturedImage.jpeg(reader.next());
    } catch (IOException e) {
      throw new SourceException("stream " + url + " broke off: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    if (body != null) {
      try {
        body.close();
      } catch (IOException ignored) {
        // the connection is being dropped anyway
      }
      body = null;
    }
    if (connection != null) {
      connection.disconnect();
      connection = null;
    }
    reader = null;
  }
}
