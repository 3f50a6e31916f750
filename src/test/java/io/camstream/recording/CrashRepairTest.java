package io.camstream.recording;

import static io.camstream.recording.PartWriterTest.NO_LIMIT;
import static io.camstream.recording.PartWriterTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.capture.Frame;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a crash leaves in a real folder (parts written by PartWriter, never finished), and the repair. */
class CrashRepairTest {
  @TempDir
  Path dir;
  private final SyntheticFrames frames = new SyntheticFrames(10, 160, 120);

  @Test
  void unfinishedPartsArePlayableAgainAndReportedForListingWithTheirDate() throws Exception {
    abandon("garden.avi", "2024-05-01", 40, 15);
    cutMidFrame(dir.resolve("garden.avi"));
    abandon("porch.avi", "2024-06-02", 10, 30);
    PartWriter finished = new PartWriter(dir, "done.avi", "2024-05-01", 30, NO_LIMIT);
    finished.openPart(160, 120);
    finished.write(frames.frame(0, 30, T0, 160, 120).jpeg(), T0);
    PartWriter.removeMarker(finished.finishPart().file());
    byte[] finishedBytes = Files.readAllBytes(dir.resolve("done.avi"));

    List<FinishedPart> repaired = new CrashRepair(dir, 30).repairUnfinished();

    assertThat(repaired).extracting(FinishedPart::name).containsExactlyInAnyOrder("garden.avi", "porch.avi");
    FinishedPart garden = repaired.stream().filter(p -> p.name().equals("garden.avi")).findFirst().orElseThrow();
    assertThat(garden.date()).isEqualTo("2024-05-01");
    assertThat(garden.frames()).as("the half-written last frame is cut off").isEqualTo(39);
    assertThat(garden.bytes()).isEqualTo(Files.size(garden.file()));
    assertThat(garden.width()).isEqualTo(160);
    PartWriterTest.assertPlays(garden.file(), 39, 15);
    FinishedPart porch = repaired.stream().filter(p -> p.name().equals("porch.avi")).findFirst().orElseThrow();
    assertThat(porch.date()).isEqualTo("2024-06-02");
    PartWriterTest.assertPlays(porch.file(), 10, 30);
    assertThat(dir.resolve(".garden.avi.recording")).as("kept until listed").exists();
    assertThat(dir.resolve("done.avi")).as("a finished part is not touched").hasBinaryContent(finishedBytes);
  }

  @Test
  void aPartIsRepairedUntilItIsListedAndNeverAfter() throws Exception {
    abandon("clip.avi", "2024-05-01", 20, 30);
    CrashRepair repair = new CrashRepair(dir, 30);
    FinishedPart first = repair.repairUnfinished().get(0);
    // the listing failed, so the next start repairs it again, which changes nothing
    FinishedPart again = repair.repairUnfinished().get(0);
    assertThat(again).isEqualTo(first);
    PartWriter.removeMarker(again.file());
    assertThat(repair.repairUnfinished()).isEmpty();
    PartWriterTest.assertPlays(dir.resolve("clip.avi"), 20, 30);
  }

  @Test
  void aPartWithoutAWholeFrameIsRemovedWithItsMarker() throws Exception {
    abandon("empty.avi", "2024-05-01", 0, 30);
    abandon("cut.avi", "2024-05-01", 1, 30);
    cutMidFrame(dir.resolve("cut.avi"));
    abandon("headerless.avi", "2024-05-01", 0, 30);
    try (FileChannel channel = FileChannel.open(dir.resolve("headerless.avi"), StandardOpenOption.WRITE)) {
      channel.truncate(0); // died before the header was written
    }
    Files.writeString(dir.resolve(".gone.avi.recording"), "{\"date\":\"2024-05-01\"}"); // died before the file was made

    assertThat(new CrashRepair(dir, 30).repairUnfinished()).isEmpty();
    try (var left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aPartThatCannotBeRepairedIsKeptWithItsMarkerForTheNextStart() throws Exception {
    // a folder where the part should be: reading it as a file fails, whatever the user's rights
    Path part = Files.createDirectory(dir.resolve("locked.avi"));
    Files.writeString(part.resolve("inside.txt"), "the user's data");
    Files.writeString(dir.resolve(".locked.avi.recording"), "{\"date\":\"2024-05-01\"}");
    Files.setLastModifiedTime(part, FileTime.fromMillis(0));
    abandon("fine.avi", "2024-05-01", 5, 30);

    List<FinishedPart> repaired = new CrashRepair(dir, 30).repairUnfinished();

    assertThat(repaired).extracting(FinishedPart::name).containsExactly("fine.avi");
    assertThat(part.resolve("inside.txt")).hasContent("the user's data");
    assertThat(dir.resolve(".locked.avi.recording")).exists();
    assertThat(Files.getLastModifiedTime(part)).isEqualTo(FileTime.fromMillis(0));
  }

  @Test
  void anUnreadableMarkerStillGetsItsPartRepairedWithoutADate() throws Exception {
    abandon("clip.avi", "2024-05-01", 5, 30);
    Files.writeString(dir.resolve(".clip.avi.recording"), "{not json");
    FinishedPart part = new CrashRepair(dir, 30).repairUnfinished().get(0);
    assertThat(part.date()).isNull();
    assertThat(part.frames()).isEqualTo(5);
  }

  @Test
  void aMissingFolderHasNothingToRepair() {
    assertThat(new CrashRepair(dir.resolve("not-there"), 30).repairUnfinished()).isEmpty();
  }

  /** A part as the recorder leaves it when the process dies: frames written, never finished. */
  private void abandon(String name, String date, int frameCount, double fps) throws IOException {
    PartWriter parts = new PartWriter(dir, name, date, fps, NO_LIMIT);
    parts.openPart(160, 120);
    for (int n = 0; n < frameCount; n++) {
      Frame frame = frames.frame(n, fps, T0, 160, 120);
      parts.write(frame.jpeg(), frame.captureNanos());
    }
  }

  private static void cutMidFrame(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() - 100);
    }
  }
}
