package io.camstream.recording;

import io.camstream.format.AviRepair;
import io.camstream.format.AviWriter;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the parts a crash left unfinished (their marker is still there) and completes
 * them. A part that holds no whole frame is removed with its marker; one that cannot be
 * read or written is left as it is, marker included, to be tried again at the next start.
 */
final class CrashRepair {
  private static final Logger LOG = LoggerFactory.getLogger(CrashRepair.class);
  private final Path dir;
  private final double fallbackFps;

  /** @param fallbackFps the rate for a part whose header never recorded one */
  CrashRepair(Path dir, double fallbackFps) {
    this.dir = dir;
    this.fallbackFps = fallbackFps;
  }

  /** Repairs every unfinished part; answers those now complete, still to be listed (their markers stay until then). */
  List<FinishedPart> repairUnfinished() {
    List<FinishedPart> repaired = new ArrayList<>();
    List<Path> markers = new ArrayList<>();
    try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, PartWriter.MARKER_GLOB)) {
      found.forEach(markers::add);
    } catch (IOException e) {
      LOG.error("cannot look for unfinished recordings in {}: {}", dir, e.getMessage());
      return repaired;
    }
    for (Path marker : markers) {
      FinishedPart part = repairOne(marker);
      if (part != null) {
        repaired.add(part);
      }
    }
    return repaired;
  }

  private FinishedPart repairOne(Path marker) {
    Path file = PartWriter.partOf(marker);
    String name = file.getFileName().toString();
    try {
      AviWriter repaired = Files.exists(file) ? AviRepair.repair(file, fallbackFps) : null;
      if (repaired == null) {
        LOG.warn("unfinished recording {} held no whole frame; removed", name);
        Files.deleteIfExists(file);
        Files.deleteIfExists(marker);
        return null;
      }
      LOG.info("repaired unfinished recording {}: {} frames, {} s", name, repaired.frames(),
          repaired.durationMillis() / 1000.0);
      return FinishedPart.of(repaired, PartWriter.dateIn(marker));
    } catch (IOException e) {
      LOG.error("could not repair {} (kept with its marker, tried again at the next start): {}", name, e.getMessage());
      return null;
    }
  }
}
