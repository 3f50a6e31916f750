package io.camstream.capture;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes the {@link FrameSource} a {@link SourceSpec} names; {@code auto} picks a camera or the test pattern. */
final class SourceFactory {
  private static final Logger LOG = LoggerFactory.getLogger(SourceFactory.class);

  private SourceFactory() {
  }

  static SourceSpec resolveAuto(SourceSpec spec) {
    return resolveAuto(spec, CameraNodes.ofThisMachine());
  }

  /** {@code auto} becomes the first node that captures from a camera, else the test pattern. */
  static SourceSpec resolveAuto(SourceSpec spec, CameraNodes nodes) {
    if (spec.type() != SourceSpec.Type.AUTO) {
      return spec;
    }
    List<CameraNodes.Node> all = nodes.all();
    Optional<CameraNodes.Node> camera = CameraNodes.camera(all);
    String skipped = all.stream().filter(n -> camera.map(c -> c.number() != n.number()).orElse(true))
        .map(n -> n.device() + " (" + (n.driver().isEmpty() ? n.name() : n.driver()) + ")")
        .collect(Collectors.joining(", "));
    if (!skipped.isEmpty()) {
      LOG.info("auto camera: not a camera the V4L2 backend reads (codec, ISP, metadata or CSI receiver): {}{}",
          skipped, all.stream().anyMatch(CameraNodes.Node::csiReceiver) ? "; for the Pi camera use --camera pi" : "");
    }
    return camera.map(n -> new SourceSpec(SourceSpec.Type.USB, n.device().toString()))
        .orElseGet(() -> new SourceSpec(SourceSpec.Type.TEST, ""));
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
