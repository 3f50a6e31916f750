package io.camstream.capture;

import java.io.File;
import java.util.Arrays;
import java.util.Comparator;

/** Makes the {@link FrameSource} a {@link SourceSpec} names; {@code auto} picks a camera or the test pattern. */
final class SourceFactory {
  private SourceFactory() {
  }

  static SourceSpec resolveAuto(SourceSpec spec) {
    if (spec.type() != SourceSpec.Type.AUTO) {
      return spec;
    }
    File[] devices = new File("/dev").listFiles((dir, name) -> name.matches("video\\d+"));
    if (devices == null || devices.length == 0) {
      return new SourceSpec(SourceSpec.Type.TEST, "");
    }
    Arrays.sort(devices, Comparator.comparingInt(f -> Integer.parseInt(f.getName().substring(5))));
    return new SourceSpec(SourceSpec.Type.USB, devices[0].getPath());
  }

  static FrameSource create(SourceSpec spec, CameraConfig config) {
    return switch (spec.type()) {
      case TEST -> new TestPatternSource(config.width(), config.height(), config.fps(), config.liquidLens());
      case USB -> new V4l2Source(V4l2Source.devicePath(spec.argument()), config);
      case PI -> new PiCameraSource(config);
      case PIPE -> new PipeSource(spec.argument(), 10_000);
      case MJPEG_URL -> new MjpegUrlSource(spec.argument(), config.upstreamLogin());
      case AUTO -> create(resolveAuto(spec), config);
    };
  }
}
