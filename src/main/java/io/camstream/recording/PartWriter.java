package io.camstream.recording;

import io.camstream.format.AviWriter;
import io.camstream.media.FileNames;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one recording into parts: NAME.avi, then NAME_part2.avi, NAME_part3.avi and so on
 * (the next name not taken) once a part would pass its size limit or the picture size
 * changes. A hidden marker (.NAME.avi.recording, holding the item date) is written beside a
 * part before its first byte and removed only after the library lists it, so a part left
 * by a crash or a failed write is always found again (see {@link CrashRepair}).
 *
 * <p>The one writer under media/ besides MediaVerticle: a hop through it per frame would
 * queue frames behind library work; each finished part is listed through it.
 */
final class PartWriter {
  static final String MARKER_GLOB = ".*.avi.recording";
  private static final String MARKER_SUFFIX = FileNames.RECORDING_MARKER_SUFFIX;
  /** The chunk header and padding a frame adds beside its JPEG, with room to spare. */
  private static final int FRAME_OVERHEAD = 32;
  private static final Logger LOG = LoggerFactory.getLogger(PartWriter.class);

  private final Path dir;
  private final String baseName;
  private final String date;
  private final double fps;
  private final long partBytes;
  private final List<String> names = new ArrayList<>();
  private AviWriter current;
  private int partNumber;
  private long bytesFinished;

  /**
   * @param fileName the first part's name, NAME.avi; the caller makes sure it is free
   * @param date the item date, kept in each marker for the listing after a crash
   * @param fps the rate a part's header states until its frames' capture times tell better
   */
  PartWriter(Path dir, String fileName, String date, double fps, long partBytes) {
    this.dir = dir;
    this.baseName = fileName.substring(0, fileName.length() - ".avi".length());
    this.date = date;
    this.fps = fps;
    this.partBytes = partBytes;
    names.add(fileName);
  }

  /** Every part's name so far, the first one even before it is opened. */
  List<String> names() {
    return List.copyOf(names);
  }

  /** The part being written, or null between parts. */
  String currentName() {
    return current == null ? null : current.path().getFileName().toString();
  }

  /** Whether a part is open for pictures of this size. */
  boolean holds(int width, int height) {
    return current != null && current.width() == width && current.height() == height;
  }

  /**
   * Whether frames with jpegBytes of JPEG in all go into the open part without passing the
   * size limit. A part without frames takes anything: a picture larger than a part must go somewhere.
   */
  boolean fits(long jpegBytes, int frames) {
    return current != null
        && (current.frames() == 0 || current.bytes() + jpegBytes + (long) frames * FRAME_OVERHEAD <= partBytes);
  }

  /** Opens the next part, its marker first; the previous one must be finished. */
  void openPart(int width, int height) throws IOException {
    if (current != null) {
      throw new IllegalStateException("finish " + currentName() + " before opening the next part");
    }
    partNumber++;
    String name = partNumber == 1 ? names.get(0) : nextFreePartName();
    if (partNumber > 1) {
      names.add(name);
    }
    Path path = dir.resolve(name);
    Files.writeString(markerOf(path), new JsonObject().put("date", date).put("startedAt", Instant.now().toString())
        .encode(), StandardCharsets.UTF_8);
    current = AviWriter.create(path, width, height, fps);
  }

  private String nextFreePartName() {
    int n = partNumber;
    while (Files.exists(dir.resolve(baseName + "_part" + n + ".avi"))) {
      n++;
    }
    partNumber = n;
    return baseName + "_part" + n + ".avi";
  }

  void write(ByteBuffer jpeg, long captureNanos) throws IOException {
    if (current == null) {
      throw new IllegalStateException("open a part before writing frames");
    }
    current.write(jpeg, captureNanos);
  }

  /**
   * Completes the open part (index and header) and closes it; answers it for the listing,
   * or null when no part is open. When this fails the marker stays for the repair.
   */
  FinishedPart finishPart() throws IOException {
    if (current == null) {
      return null;
    }
    AviWriter done = current;
    current = null;
    bytesFinished += done.bytes();
    try (done) {
      done.finish();
    }
    return FinishedPart.of(done, date);
  }

  /** Bytes of every part so far, the open one as it will be once finished. */
  long bytes() {
    return bytesFinished + (current == null ? 0 : current.bytes());
  }

  static Path markerOf(Path part) {
    return part.resolveSibling(FileNames.recordingMarker(part.getFileName().toString()));
  }

  static Path partOf(Path marker) {
    String name = marker.getFileName().toString();
    return marker.resolveSibling(name.substring(1, name.length() - MARKER_SUFFIX.length()));
  }

  /** The item date a marker holds, or null when it cannot be read. */
  static String dateIn(Path marker) {
    try {
      return new JsonObject(Files.readString(marker)).getString("date");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Called once the library lists a part: it no longer needs a repair. */
  static void removeMarker(Path part) {
    try {
      Files.deleteIfExists(markerOf(part));
    } catch (IOException e) {
      LOG.warn("could not remove the marker of {}: {}", part.getFileName(), e.getMessage());
    }
  }
}
