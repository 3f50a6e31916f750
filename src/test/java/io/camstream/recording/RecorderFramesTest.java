package io.camstream.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.bus.Addresses;
import io.camstream.bus.Control;
import io.camstream.capture.Frame;
import io.camstream.capture.FrameCodec;
import io.camstream.config.ConfigLoader;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The recorder takes frames from the bus only while it records. */
@ExtendWith(VertxExtension.class)
class RecorderFramesTest {
  private static final int RECORDED = 60;
  private static final int IDLE = 20;
  private final SyntheticFrames frames = new SyntheticFrames(5, 160, 120);
  private final long t0 = System.nanoTime();
  private long sequence;
  @TempDir
  Path media;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().registerDefaultCodec(Frame.class, new FrameCodec());
    // the media library, answering as it does when a finished file is listed
    vertx.eventBus().<JsonObject>consumer(Addresses.MEDIA_CONTROL, m -> m.reply(new JsonObject()));
    JsonObject config = ConfigLoader.load(null, Map.of(),
        Map.of("media.dir", media.toString(), "recording.minFreeMegabytes", "0"));
    vertx.deployVerticle(new RecordingVerticle(),
            new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setConfig(config))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void anIdleRecorderGetsNoFrameAndARecordingGetsEveryOne(Vertx vertx, VertxTestContext ctx) {
    // each delivery of a frame to a consumer; the recorder is the only one here, and one
    // delivery more than the recorded frames fails the test
    Checkpoint recordedFrame = ctx.checkpoint(RECORDED);
    vertx.eventBus().addInboundInterceptor(delivery -> {
      if (delivery.message().address().equals(Addresses.FRAMES)) {
        recordedFrame.flag();
      }
      delivery.next();
    });
    Checkpoint done = ctx.checkpoint();
    Control recorder = Control.of(vertx, Addresses.RECORDING_CONTROL);

    publish(vertx, IDLE);
    // the recorder works through its messages in order: this answer comes after any frame
    // published above had reached it
    recorder.state()
        .compose(idle -> recorder.send(new JsonObject().put("action", "start").put("filename", "clip")))
        .compose(started -> {
          publish(vertx, RECORDED);
          return recorder.send("stop");
        })
        .compose(stopped -> {
          ctx.verify(() -> assertThat(stopped.getLong("lastFrames")).as("frames in the file").isEqualTo(RECORDED));
          publish(vertx, IDLE);
          return recorder.state();
        })
        .onComplete(ctx.succeeding(idleAgain -> done.flag()));
  }

  private void publish(Vertx vertx, int count) {
    for (int i = 0; i < count; i++) {
      long n = sequence++;
      vertx.eventBus().publish(Addresses.FRAMES, frames.frame(n, 30, t0, 160, 120));
    }
  }
}
