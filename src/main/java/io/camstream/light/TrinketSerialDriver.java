package io.camstream.light;

import com.diozero.api.SerialDevice;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The old server's serial light controller (an Adafruit Trinket or Arduino). For every change
 * it gets eight ASCII characters: the color scaled by brightness as hex {@code RRGGBB}, then
 * the brightness as hex {@code BB}, upper case, with no line ending; "FF8800" at brightness
 * 128 is {@code 80440080}, and off is {@code 000000BB}. Lines the controller sends back (sensor
 * readings) go to the listener.
 */
final class TrinketSerialDriver implements LightDriver {
  private static final Logger LOG = LoggerFactory.getLogger(TrinketSerialDriver.class);
  static final int MAX_LINE_CHARS = 1024;
  private static final long POLL_MILLIS = 50;

  /** Called on the reader thread. */
  interface Listener {
    void line(String line);

    void failed(String device, Throwable cause);
  }

  private final LightConfig config;
  private final Listener listener;
  private SerialDevice port;
  private Reader reader;

  TrinketSerialDriver(LightConfig config, Listener listener) {
    this.config = config;
    this.listener = listener;
  }

  /** The bytes sent for a state. */
  static byte[] message(LightState state) {
    return (state.outputHex() + String.format(Locale.ROOT, "%02X", state.brightness())).getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String name() {
    return LightConfig.TRINKET;
  }

  @Override
  public String device() {
    return config.tty();
  }

  @Override
  public String hint() {
    return "is the controller plugged in, and is the user in group dialout?";
  }

  @Override
  public void show(LightState state) {
    if (port == null) {
      DeviceFiles.check(config.tty());
      port = SerialDevice.builder(config.tty()).setBaud(config.baud()).build();
      reader = new Reader(port);
      Thread thread = new Thread(reader, "camstream-light-serial");
      thread.setDaemon(true);
      reader.thread = thread;
      thread.start();
    }
    port.write(message(state));
  }

  @Override
  public void close() {
    if (port == null) {
      return;
    }
    reader.closing = true;
    try {
      port.close();
    } catch (RuntimeException e) {
      LOG.debug("closing {}: {}", config.tty(), e.toString());
    }
    try {
      reader.thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    port = null;
    reader = null;
  }

  /**
   * Reads the controller's lines on a thread of its own. It polls for available bytes rather
   * than blocking in read(), so closing the port always ends it.
   */
  private final class Reader implements Runnable {
    private final SerialDevice device;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    volatile boolean closing;
    Thread thread;

    Reader(SerialDevice device) {
      this.device = device;
    }

    @Override
    public void run() {
      try {
        while (!closing) {
          int available = device.bytesAvailable();
          if (available <= 0) {
            Thread.sleep(POLL_MILLIS);
            continue;
          }
          byte[] buffer = new byte[Math.min(available, 4096)];
          int read = device.read(buffer);
          if (read < 0) {
            throw new IllegalStateException("the serial port was closed");
          }
          for (int i = 0; i < read; i++) {
            take(buffer[i]);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        if (!closing) {
          listener.failed(config.tty(), e);
        }
      }
    }

    private void take(byte b) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.UTF_8).strip();
        line.reset();
        if (!text.isEmpty()) {
          listener.line(text);
        }
      } else if (b != '\r' && line.size() < MAX_LINE_CHARS) {
        line.write(b);
      }
    }
  }
}
