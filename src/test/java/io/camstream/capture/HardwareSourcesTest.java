package io.camstream.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.bus.Demand;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * There is no camera on a build machine: the USB and Pi sources must then say exactly what
 * is missing, keep retrying, and show "no signal" instead of dying.
 */
@ExtendWith(VertxExtension.class)
class HardwareSourcesTest {

  @Test
  void aMissingUsbCameraIsReportedWithWhatToCheck(Vertx vertx) {
    assertOfflineWith(vertx, "usb:/dev/video97", "no camera at /dev/video97 (is it plugged in?)");
  }

  @Test
  void aMissingPiCameraStackIsReportedWithTheInstallCommand(Vertx vertx) {
    assertOfflineWith(vertx, "pi", "rpicam-vid");
  }

  private static void assertOfflineWith(Vertx vertx, String source, String reason) {
    DeployedCamera camera = DeployedCamera.start(vertx, Map.of("camera.source", source,
        "camera.retryInitialMillis", "100"), Demand.Kind.VIEWER);
    camera.nextNoSignal(Duration.ofSeconds(10));
    JsonObject state = camera.awaitStatus("offline", Duration.ofSeconds(10));
    assertThat(state.getString("reason")).contains(reason);
    assertThat(state.getBoolean("online")).isFalse();
    long offlineSeen = System.nanoTime();
    assertThat(camera.next("frame captured after the offline state", Duration.ofSeconds(10),
        f -> f.captureNanos() > offlineSeen).placeholder()).as("still serving the no-signal picture").isTrue();
  }

  @Test
  void focusRangeIsReadFromV4l2CtlAndMappedOntoTheDriverSteps() {
    String output = """
                         brightness 0x00980900 (int)    : min=-64 max=64 step=1 default=0 value=0
             focus_automatic_continuous 0x009a090c (bool)   : default=1 value=1
                     focus_absolute 0x009a090a (int)    : min=0 max=1023 step=5 default=68 value=68 flags=inactive
        """;
    V4l2FocusRange range = V4l2FocusRange.parse(output);
    assertThat(range).isEqualTo(new V4l2FocusRange(0, 1023, 5));
    assertThat(range.toDevice(0.0)).isZero();
    assertThat(range.toDevice(1.0)).isEqualTo(1020);
    assertThat(range.toDevice(0.05)).isEqualTo(50);
    assertThat(range.toDevice(0.10)).isEqualTo(100);
    assertThat(V4l2FocusRange.parse("brightness 0x00980900 (int) : min=0 max=255 step=1")).isNull();
  }
}
