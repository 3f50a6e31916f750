package io.camstream.recording;

import io.camstream.format.AviWriter;
import java.nio.file.Path;

/**
 * A part of a recording whose file is complete (finished now or repaired after a crash),
 * with what the media library lists about it. Its crash marker stays until it is listed.
 *
 * @param date the item date the recording was started with; null when a crash marker could not be read
 */
record FinishedPart(Path file, String date, long bytes, int width, int height, long durationMillis, long frames) {
  static FinishedPart of(AviWriter complete, String date) {
    return new FinishedPart(complete.path(), date, complete.bytes(), complete.width(), complete.height(),
        complete.durationMillis(), complete.frames());
  }

  String name() {
    return file.getFileName().toString();
  }
}
