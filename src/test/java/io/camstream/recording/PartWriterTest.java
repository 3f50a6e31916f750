package io.camstream.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_OPENCV_MJPEG;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FPS;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FRAME_COUNT;

import io.camstream.capture.Frame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_videoio.VideoCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parts written into a real folder and read back by OpenCV and ffprobe. */
class PartWriterTest {
  static final long T0 = 1_000_000_000L;
  static final long NO_LIMIT = 1024L * 1024 * 1024;
  private final SyntheticFrames frames = new SyntheticFrames(10, 160, 120);
  @TempDir
  Path dir;

  @Test
  void aFinishedPartPlaysWithEveryFrameAtTheCaptureRate() throws Exception {
    PartWriter parts = new PartWriter(dir, "clip.avi", "2024-05-01", 30, NO_LIMIT);
    assertThat(parts.names()).containsExactly("clip.avi");
    assertThat(parts.currentName()).as("nothing is opened before the first frame").isNull();
    assertThat(dir.resolve("clip.avi")).doesNotExist();

    List<FinishedPart> done = write(parts, 45, 15, 160, 120);
    FinishedPart part = parts.finishPart();
    assertThat(done).isEmpty();
    assertThat(part.name()).isEqualTo("clip.avi");
    assertThat(part.date()).isEqualTo("2024-05-01");
    assertThat(part.frames()).isEqualTo(45);
    assertThat(part.width()).isEqualTo(160);
    assertThat(part.height()).isEqualTo(120);
    assertThat(part.durationMillis()).isEqualTo(3000);
    assertThat(part.bytes()).isEqualTo(Files.size(part.file())).isEqualTo(parts.bytes());
    assertThat(parts.currentName()).isNull();
    assertThat(parts.finishPart()).as("nothing left to finish").isNull();
    assertPlays(part.file(), 45, 15);
  }

  @Test
  void aPartRollsBeforeItPassesTheSizeLimitIntoTheNextFreeName() throws Exception {
    long limit = 64 * 1024;
    Files.writeString(dir.resolve("clip_part2.avi"), "someone else's file");
    PartWriter parts = new PartWriter(dir, "clip.avi", "2024-05-01", 30, limit);

    List<FinishedPart> done = write(parts, 120, 30, 160, 120);
    done.add(parts.finishPart());

    assertThat(done.size()).isGreaterThanOrEqualTo(3);
    assertThat(parts.names()).containsExactlyElementsOf(done.stream().map(FinishedPart::name).toList());
    assertThat(parts.names()).startsWith("clip.avi", "clip_part3.avi", "clip_part4.avi");
    assertThat(dir.resolve("clip_part2.avi")).hasContent("someone else's file");
    long framesInParts = 0;
    long bytesInParts = 0;
    for (FinishedPart part : done) {
      assertThat(Files.size(part.file())).as(part.name()).isLessThanOrEqualTo(limit).isEqualTo(part.bytes());
      assertPlays(part.file(), part.frames(), 30);
      framesInParts += part.frames();
      bytesInParts += part.bytes();
    }
    assertThat(framesInParts).isEqualTo(120);
    assertThat(parts.bytes()).isEqualTo(bytesInParts);
  }

  @Test
  void aNewPictureSizeStartsANewPart() throws Exception {
    PartWriter parts = new PartWriter(dir, "clip.avi", "2024-05-01", 30, NO_LIMIT);
    assertThat(write(parts, 20, 30, 160, 120)).isEmpty();
    assertThat(parts.fits(80, 60, 1000)).isFalse();
    List<FinishedPart> done = write(parts, 20, 30, 80, 60);
    done.add(parts.finishPart());
    assertThat(done).extracting(FinishedPart::name).containsExactly("clip.avi", "clip_part2.avi");
    assertThat(done).extracting(FinishedPart::width).containsExactly(160, 80);
    assertPlays(dir.resolve("clip_part2.avi"), 20, 30);
  }

  @Test
  void aMarkerWithTheDateSitsBesideAPartFromBeforeItsFirstFrameUntilItIsListed() throws Exception {
    PartWriter parts = new PartWriter(dir, "clip.avi", "2024-05-01", 30, NO_LIMIT);
    parts.openPart(160, 120);
    Path marker = dir.resolve(".clip.avi.recording");
    assertThat(PartWriter.markerOf(dir.resolve("clip.avi"))).isEqualTo(marker);
    assertThat(PartWriter.partOf(marker)).isEqualTo(dir.resolve("clip.avi"));
    assertThat(marker).exists();
    assertThat(PartWriter.dateIn(marker)).isEqualTo("2024-05-01");

    write(parts, 10, 30, 160, 120);
    FinishedPart part = parts.finishPart();
    assertThat(marker).as("kept until the library lists the part").exists();
    PartWriter.removeMarker(part.file());
    assertThat(marker).doesNotExist();
    PartWriter.removeMarker(part.file()); // a second time is harmless
    try (var left = Files.list(dir)) {
      assertThat(left).containsExactly(dir.resolve("clip.avi"));
    }
  }

  @Test
  void aNextPartThatCannotBeOpenedFailsLoudlyAndLeavesNoFileWithoutAMarker() throws Exception {
    // the marker's place is taken, so the part must not be started at all
    Files.createDirectory(dir.resolve(".clip_part2.avi.recording"));
    PartWriter parts = new PartWriter(dir, "clip.avi", "2024-05-01", 30, NO_LIMIT);
    write(parts, 10, 30, 160, 120);
    FinishedPart first = parts.finishPart();
    assertThatThrownBy(() -> parts.openPart(160, 120)).isInstanceOf(IOException.class)
        .hasMessageContaining(".clip_part2.avi.recording");
    assertThat(dir.resolve("clip_part2.avi")).doesNotExist();
    assertThat(parts.currentName()).isNull();
    assertThat(first.frames()).isEqualTo(10);
    assertPlays(first.file(), 10, 30);
    assertThatThrownBy(() -> parts.write(frames.frame(0, 30, T0, 160, 120).jpeg(), T0))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aPartMustBeFinishedBeforeTheNextOpens() throws Exception {
    PartWriter parts = new PartWriter(dir, "clip.avi", "2024-05-01", 30, NO_LIMIT);
    parts.openPart(160, 120);
    assertThatThrownBy(() -> parts.openPart(160, 120)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("clip.avi");
  }

  /**
   * Writes frames of a camera at fps the way the recorder does: a frame that does not fit
   * finishes the open part and opens the next. Answers the parts finished on the way.
   */
  private List<FinishedPart> write(PartWriter parts, int count, double fps, int width, int height) throws IOException {
    List<FinishedPart> finished = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      Frame frame = frames.frame(n, fps, T0, width, height);
      if (!parts.fits(frame.width(), frame.height(), frame.jpegSize())) {
        FinishedPart done = parts.finishPart();
        if (done != null) {
          finished.add(done);
        }
        parts.openPart(frame.width(), frame.height());
      }
      parts.write(frame.jpeg(), frame.captureNanos());
    }
    return finished;
  }

  /** Every frame decodes in OpenCV's own AVI reader, and ffprobe counts the same. */
  static void assertPlays(Path file, long frameCount, double fps) throws Exception {
    try (VideoCapture capture = new VideoCapture(file.toString(), CAP_OPENCV_MJPEG); Mat picture = new Mat()) {
      assertThat(capture.isOpened()).as("%s opens", file.getFileName()).isTrue();
      assertThat(capture.get(CAP_PROP_FRAME_COUNT)).isEqualTo(frameCount);
      assertThat(capture.get(CAP_PROP_FPS)).isCloseTo(fps, within(0.01));
      int decoded = 0;
      while (capture.read(picture) && !picture.empty()) {
        decoded++;
      }
      assertThat(decoded).isEqualTo(frameCount);
    }
    assertThat(RecordingTest.ffprobe(file, "nb_read_packets")).isEqualTo((double) frameCount);
  }
}
