package io.camstream.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_OPENCV_MJPEG;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FPS;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FRAME_COUNT;

import io.camstream.capture.Frame;
import io.camstream.format.AviRepair;
import io.camstream.format.AviWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.assertj.core.data.Offset;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_videoio.VideoCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AviRepairTest {
  @TempDir
  Path dir;

  @Test
  void aFileCutMidFrameKeepsEveryWholeFrameAndItsRate() throws Exception {
    SyntheticFrames frames = new SyntheticFrames(10, 160, 120);
    Path file = dir.resolve("cut.avi");
    AviWriter writer = AviWriter.create(file, 160, 120, 30);
    long t0 = 1_000_000_000L;
    for (int n = 0; n < 100; n++) {
      Frame f = frames.frame(n, 15, t0, 160, 120);
      writer.write(f.jpeg(), f.captureNanos());
    }
    writer.close(); // the process dies: no index, header last refreshed at frame 90
    long size = Files.size(file);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(size - 100); // the last frame is half written
    }

    AviWriter repaired = AviRepair.repair(file, 30);
    assertThat(repaired.frames()).isEqualTo(99);
    assertThat(repaired.fps()).isCloseTo(15, Offset.offset(0.01));
    try (VideoCapture capture = new VideoCapture(file.toString(), CAP_OPENCV_MJPEG); Mat picture = new Mat()) {
      assertThat(capture.get(CAP_PROP_FRAME_COUNT)).isEqualTo(99);
      assertThat(capture.get(CAP_PROP_FPS)).isCloseTo(15, Offset.offset(0.01));
      int decoded = 0;
      while (capture.read(picture) && !picture.empty()) {
        decoded++;
      }
      assertThat(decoded).isEqualTo(99);
    }
    assertThat(RecordingTest.ffprobe(file, "nb_read_packets")).isEqualTo(99);
    // a second repair of a finished file changes nothing
    assertThat(AviRepair.repair(file, 30).frames()).isEqualTo(99);
    assertThat(Files.size(file)).isEqualTo(repaired.bytes());
  }

  @Test
  void aFileWithoutAWholeFrameIsNotRepaired() throws Exception {
    Path file = dir.resolve("empty.avi");
    AviWriter.create(file, 160, 120, 30).close();
    assertThat(AviRepair.repair(file, 30)).isNull();
    Files.writeString(dir.resolve("junk.avi"), "not an avi at all");
    assertThat(AviRepair.repair(dir.resolve("junk.avi"), 30)).isNull();
  }
}
