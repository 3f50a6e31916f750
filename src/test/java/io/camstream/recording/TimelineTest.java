package io.camstream.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Arrays;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Capture times in, repeated pictures out: one part's timeline, table by table. */
class TimelineTest {
  private static final long START = 5_000_000_000L;

  /** Capture time of frame n of a camera that really runs at fps. */
  private static long at(double fps, long n) {
    return START + Math.round(n * 1e9 / fps);
  }

  /** Frames first..last (inclusive) of a camera at fps, each at its own time. */
  private static LongStream frames(double fps, long first, long last) {
    return LongStream.rangeClosed(first, last).map(n -> at(fps, n));
  }

  private static long[] times(LongStream... runs) {
    return Stream.of(runs).flatMapToLong(r -> r).toArray();
  }

  /** Places every frame; answers how many pictures each one brought in before it. */
  private static int[] repeatsPerFrame(double cameraFps, long[] captureNanos) {
    Timeline timeline = new Timeline(cameraFps);
    return Arrays.stream(captureNanos).mapToInt(t -> timeline.place(t).repeatNanos().length).toArray();
  }

  static Stream<Arguments> totals() {
    return Stream.of(
        arguments("30 fps for ten seconds, nothing lost", 30.0, times(frames(30, 0, 299)), 0),
        arguments("1 frame lost (67 ms gap): left alone", 30.0, times(frames(30, 0, 29), frames(30, 31, 89)), 0),
        arguments("2 frames lost (100 ms gap): left alone", 30.0, times(frames(30, 0, 29), frames(30, 32, 89)), 0),
        arguments("3 frames lost (133 ms gap)", 30.0, times(frames(30, 0, 29), frames(30, 33, 89)), 3),
        arguments("5 frames lost (200 ms gap)", 30.0, times(frames(30, 0, 29), frames(30, 35, 89)), 5),
        arguments("a one-second stall", 30.0, times(frames(30, 0, 29), frames(30, 60, 89)), 30),
        arguments("two gaps add up", 30.0, times(frames(30, 0, 29), frames(30, 35, 59), frames(30, 70, 89)), 15),
        arguments("a gap after ten seconds", 30.0, times(frames(30, 0, 299), frames(30, 315, 330)), 15),
        arguments("5 frames lost at 10 fps (600 ms gap)", 10.0, times(frames(10, 0, 9), frames(10, 15, 29)), 5),
        arguments("149 frames lost: all repeated", 30.0, times(frames(30, 0, 29), frames(30, 179, 189)), 149),
        arguments("150 frames lost (five seconds): all repeated", 30.0, times(frames(30, 0, 29), frames(30, 180, 189)),
            150),
        arguments("151 frames lost: five seconds repeated", 30.0, times(frames(30, 0, 29), frames(30, 181, 189)), 150),
        arguments("a burst: frames 30-32 late, all stamped at frame 32's time", 30.0,
            times(frames(30, 0, 29), LongStream.of(at(30, 32), at(30, 32) + 1_000_000, at(30, 32) + 2_000_000),
                frames(30, 33, 89)), 0),
        arguments("jitter: frames 30-59 each up to two frames late", 30.0,
            times(frames(30, 0, 29), LongStream.rangeClosed(30, 59).map(n -> at(30, n + n % 3)), frames(30, 60, 89)), 0),
        arguments("every frame stamped the same", 30.0, LongStream.generate(() -> START).limit(300).toArray(), 0),
        arguments("the clock steps a second back", 30.0, times(frames(30, 0, 59), frames(30, 30, 99)), 0),
        arguments("a ten-minute outage in the first second: five seconds repeated, then the recording continues",
            30.0, times(frames(30, 0, 29), frames(30, 18030, 18329)), 150),
        arguments("a ten-minute outage after ten seconds: five seconds repeated", 30.0,
            times(frames(30, 0, 299), frames(30, 18300, 18599)), 150),
        arguments("a three-second stall after ten seconds", 30.0, times(frames(30, 0, 299), frames(30, 390, 420)), 90),
        arguments("a one-second stall after a ten-minute outage", 30.0,
            times(frames(30, 0, 29), frames(30, 18030, 18329), frames(30, 18360, 18400)), 150 + 30));
  }

  @ParameterizedTest(name = "{0} -> {2} repeats")
  @MethodSource("totals")
  void repeatsFillWhatTheCameraLost(String what, double cameraFps, long[] captureNanos, int repeats) {
    assertThat(Arrays.stream(repeatsPerFrame(cameraFps, captureNanos)).sum()).isEqualTo(repeats);
  }

  @Test
  void theFirstFrameOfAPartNeverBringsRepeatsWhateverItsTime() {
    for (long t : new long[] {0, -1, START, Long.MAX_VALUE / 2}) {
      assertThat(new Timeline(30).place(t).repeatNanos()).as("first frame at %d", t).isEmpty();
    }
  }

  @Test
  void repeatsGoRightBeforeTheFrameAfterTheGapAndTakeTheLostFramesTimes() {
    Timeline timeline = new Timeline(30);
    for (long n = 0; n < 30; n++) {
      assertThat(timeline.place(at(30, n)).repeatNanos()).isEmpty();
    }
    Timeline.Placement placement = timeline.place(at(30, 35));
    long[] repeats = placement.repeatNanos();
    assertThat(repeats).hasSize(5);
    for (int k = 0; k < repeats.length; k++) {
      assertThat(repeats[k]).as("repeat %d", k).isCloseTo(at(30, 30 + k), within(1L));
    }
    assertThat(placement.frameNanos()).as("the frame keeps its capture time").isEqualTo(at(30, 35));
    assertThat(timeline.place(at(30, 36)).repeatNanos()).isEmpty();
  }

  @ParameterizedTest(name = "at {0} fps an outage of {1} s brings {2} pictures")
  @CsvSource({"30, 10, 150", "30, 600, 150", "10, 600, 50", "15, 5.5, 75"})
  void theFrameAfterALongOutageBringsAtMostFiveSecondsOfRepeats(double fps, double outageSeconds, int repeats) {
    Timeline timeline = new Timeline(fps);
    for (long n = 0; n < 30; n++) {
      timeline.place(at(fps, n));
    }
    assertThat(timeline.place(at(fps, 29) + Math.round(outageSeconds * 1e9)).repeatNanos()).hasSize(repeats);
  }

  @Test
  void afterAnOutageThatIsNotFilledTheFileRunsOnAtTheCamerasRate() {
    Timeline timeline = new Timeline(30);
    for (long n = 0; n < 30; n++) {
      assertThat(timeline.place(at(30, n)).frameNanos()).isEqualTo(at(30, n));
    }
    // ten minutes gone: five seconds of repeats on the file's timeline, then the frame right after them
    Timeline.Placement afterOutage = timeline.place(at(30, 18_030));
    long[] repeats = afterOutage.repeatNanos();
    assertThat(repeats).hasSize(150);
    for (int k = 0; k < repeats.length; k++) {
      assertThat(repeats[k]).as("repeat %d", k).isCloseTo(at(30, 30 + k), within(1L));
    }
    assertThat(afterOutage.frameNanos()).isCloseTo(at(30, 180), within(1L));
    for (long n = 18_031; n < 18_100; n++) {
      Timeline.Placement next = timeline.place(at(30, n));
      assertThat(next.repeatNanos()).as("frame %d", n).isEmpty();
      assertThat(next.frameNanos()).as("frame %d", n).isCloseTo(at(30, n - 17_850), within(1L));
    }
  }

  @Test
  void aCameraSlowerThanAskedIsRepeatedUpToItsTrueDurationThenFollowedAtItsOwnRate() {
    // asked for 30 fps, delivers 20: the first five seconds fill the 30 fps timeline, then it runs at 20
    long[] captured = frames(20, 0, 599).toArray();
    int[] repeats = repeatsPerFrame(30, captured);
    long placed = 0;
    for (int n = 0; n < 150; n++) {
      placed += repeats[n] + 1;
      long due = Math.round((captured[n] - START) / (1e9 / 30));
      assertThat(placed - 1).as("frame %d's place against its time", n).isBetween(due - 2, due);
    }
    assertThat(Arrays.stream(repeats, 151, repeats.length).sum()).as("repeats once the rate is known").isZero();
  }

  @Test
  void aStallOnceTheRateIsKnownIsFilledAtTheCamerasRate() {
    // asked for 30 fps, delivers 20: ten seconds, then a one-second stall (20 frames lost)
    int[] repeats = repeatsPerFrame(30, times(frames(20, 0, 199), frames(20, 220, 260)));
    assertThat(Arrays.stream(repeats, 200, repeats.length).sum()).isEqualTo(20);
  }

  @Test
  void lateFramesWhosePlacesWentToRepeatsAreLeftOutSoTheFileDoesNotRunAhead() {
    // frame 30 comes three frames late (three repeats), then 31-33 in a burst: late, not lost
    long late = at(30, 33);
    long[] captured = times(frames(30, 0, 29), LongStream.of(late, late + 1_000_000, late + 2_000_000, late + 3_000_000),
        frames(30, 34, 1799));
    Timeline timeline = new Timeline(30);
    long written = 0;
    long leftOut = 0;
    for (long t : captured) {
      Timeline.Placement placement = timeline.place(t);
      written += placement.repeatNanos().length + (placement.leftOut() ? 0 : 1);
      leftOut += placement.leftOut() ? 1 : 0;
    }
    assertThat(leftOut).as("the burst's frames whose places the repeats took").isEqualTo(3);
    assertThat(written).as("a minute at 30 fps").isEqualTo(1800);
  }

  @Test
  void aFrameEarlyLongAfterARealLossIsNotLeftOut() {
    // three frames really lost, then, two seconds on, one frame stamped a frame early
    long[] captured = times(frames(30, 0, 29), frames(30, 33, 99), LongStream.of(at(30, 100) - 40_000_000L),
        frames(30, 101, 130));
    Timeline timeline = new Timeline(30);
    assertThat(Arrays.stream(captured).filter(t -> timeline.place(t).leftOut())).isEmpty();
  }

  @Test
  void aCameraFivePercentSlowIsKeptTrueByRepeats() {
    // within 10 % of the asked rate the timeline keeps the asked rate and repeats to stay true
    long[] captured = frames(28.5, 0, 569).toArray();
    int[] repeats = repeatsPerFrame(30, captured);
    long placed = Arrays.stream(repeats).sum() + captured.length;
    long due = Math.round((captured[captured.length - 1] - START) / (1e9 / 30));
    assertThat(placed - 1).isBetween(due - 2, due);
    assertThat(Arrays.stream(repeats).filter(r -> r > 0)).as("each catch-up is the three-frame lag").containsOnly(3);
  }
}
