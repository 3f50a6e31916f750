package io.camstream.capture;

import io.camstream.format.MjpegStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Pulls an existing M-JPEG HTTP camera and re-serves it, pictures untouched. It signs in
 * with Basic ({@code user:pass@} in the URL, or camera.username/password) or a bearer
 * token; the password and token are sent only in the Authorization header, never shown.
 */
public final class MjpegUrlSource implements FrameSource {
  private static final int TIMEOUT_MILLIS = 5000;

  /** The URL without its user part: what is requested. */
  private final URI address;
  /** The URL as it may be shown: {@code user:***@}. */
  private final String shown;
  private final String authorization;
  private HttpURLConnection connection;
  private InputStream body;
  private MjpegStreamReader reader;

  public MjpegUrlSource(String url, UpstreamLogin login) {
    this.shown = SourceSpec.withoutPassword(url);
    URI parsed;
    try {
      parsed = new URI(url);
    } catch (URISyntaxException e) {
      parsed = null;
    }
    String userInfo = parsed == null ? null : parsed.getUserInfo();
    UpstreamLogin effective = userInfo == null ? login : UpstreamLogin.fromUserInfo(userInfo, login.bearerToken());
    this.authorization = effective.authorizationHeader();
    URI withoutUser = parsed;
    if (parsed != null && userInfo != null) {
      try {
        withoutUser = new URI(parsed.getScheme(), null, parsed.getHost(), parsed.getPort(), parsed.getPath(),
            parsed.getQuery(), parsed.getFragment());
      } catch (URISyntaxException e) {
        withoutUser = null;
      }
    }
    this.address = withoutUser;
  }

  @Override
  public String description() {
    return "M-JPEG stream " + shown;
  }

  @Override
  public void open() throws SourceException {
    close();
    if (address == null) {
      throw new SourceException(shown + " is not a valid URL; check camera.source");
    }
    try {
      connection = (HttpURLConnection) address.toURL().openConnection();
      connection.setConnectTimeout(TIMEOUT_MILLIS);
      connection.setReadTimeout(TIMEOUT_MILLIS);
      connection.setRequestProperty("Accept", "multipart/x-mixed-replace, */*");
      if (authorization != null) {
        connection.setRequestProperty("Authorization", authorization);
      }
      int status = connection.getResponseCode();
      if (status == 401 || status == 403) {
        throw new SourceException(shown + " answered HTTP " + status + (authorization == null
            ? "; it needs a sign-in: put user:password@ in the URL or set camera.username/camera.password or camera.bearerToken"
            : "; check the user name and password (or camera.bearerToken) and that the user may watch"));
      }
      if (status != 200) {
        throw new SourceException(shown + " answered HTTP " + status + "; check the address");
      }
      String type = String.valueOf(connection.getContentType()).toLowerCase(Locale.ROOT);
      if (!type.startsWith("multipart/")) {
        throw new SourceException(shown + " sends " + type + ", not an M-JPEG stream (multipart/x-mixed-replace)");
      }
      body = connection.getInputStream();
      reader = new MjpegStreamReader(body, 32 * 1024 * 1024);
    } catch (IOException | IllegalArgumentException e) {
      close();
      throw new SourceException("cannot reach " + shown + ": " + e.getMessage());
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
      throw new SourceException("stream " + shown + " broke off: " + e.getMessage());
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

  /** How to sign in to the upstream camera: Basic with a user and password, or a bearer token. */
  public record UpstreamLogin(String username, String password, String bearerToken) {
    public static final UpstreamLogin NONE = new UpstreamLogin("", "", "");

    /** {@code user:pass} from a URL, percent-decoded (a password may hold {@code @} or {@code :} as %40, %3A). */
    static UpstreamLogin fromUserInfo(String userInfo, String bearerToken) {
      int colon = userInfo.indexOf(':');
      return colon < 0 ? new UpstreamLogin(userInfo, "", bearerToken)
          : new UpstreamLogin(userInfo.substring(0, colon), userInfo.substring(colon + 1), bearerToken);
    }

    String authorizationHeader() {
      if (!bearerToken.isEmpty()) {
        return "Bearer " + bearerToken;
      }
      if (username.isEmpty() && password.isEmpty()) {
        return null;
      }
      return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return "UpstreamLogin[" + username + (password.isEmpty() ? "" : ":***") + (bearerToken.isEmpty() ? "" : ", token ***") + "]";
    }
  }
}
