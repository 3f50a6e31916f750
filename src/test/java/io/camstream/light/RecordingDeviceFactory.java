package io.camstream.light;

import com.diozero.api.DeviceMode;
import com.diozero.api.GpioEventTrigger;
import com.diozero.api.GpioPullUpDown;
import com.diozero.api.I2CConstants;
import com.diozero.api.PinInfo;
import com.diozero.api.RuntimeIOException;
import com.diozero.api.SerialConstants;
import com.diozero.api.SpiClockMode;
import com.diozero.internal.spi.AbstractDevice;
import com.diozero.internal.spi.AnalogInputDeviceInterface;
import com.diozero.internal.spi.AnalogOutputDeviceInterface;
import com.diozero.internal.spi.BaseNativeDeviceFactory;
import com.diozero.internal.spi.DeviceFactoryInterface;
import com.diozero.internal.spi.GpioDigitalInputDeviceInterface;
import com.diozero.internal.spi.GpioDigitalInputOutputDeviceInterface;
import com.diozero.internal.spi.GpioDigitalOutputDeviceInterface;
import com.diozero.internal.spi.InternalI2CDeviceInterface;
import com.diozero.internal.spi.InternalPwmOutputDeviceInterface;
import com.diozero.internal.spi.InternalSerialDeviceInterface;
import com.diozero.internal.spi.InternalServoDeviceInterface;
import com.diozero.internal.spi.InternalSpiDeviceInterface;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A diozero device factory for tests, installed through ServiceLoader
 * (src/test/resources/META-INF/services). Its SPI and serial devices record every byte
 * written, serial devices read what a test queues as the controller's output, and a test can
 * make the hardware fail (open, write and read all throw) and come back.
 * diozero keeps one factory per JVM, so the recordings are static; tests call {@link #reset()}.
 */
public final class RecordingDeviceFactory extends BaseNativeDeviceFactory {
  public record SpiWrite(int controller, int chipSelect, int frequency, byte[] bytes, String thread) {
  }

  private static final List<SpiWrite> SPI_WRITES = new CopyOnWriteArrayList<>();
  private static final ByteArrayOutputStream SERIAL_OUT = new ByteArrayOutputStream();
  private static final ConcurrentLinkedQueue<Byte> SERIAL_IN = new ConcurrentLinkedQueue<>();
  private static final List<String> SERIAL_WRITE_THREADS = new CopyOnWriteArrayList<>();
  private static final AtomicInteger SPI_OPENS = new AtomicInteger();
  private static final AtomicInteger SERIAL_OPENS = new AtomicInteger();
  private static volatile String fault;
  private static volatile String lastSerialPort;
  private static volatile int lastBaud;

  public static void reset() {
    SPI_WRITES.clear();
    synchronized (SERIAL_OUT) {
      SERIAL_OUT.reset();
    }
    SERIAL_WRITE_THREADS.clear();
    SERIAL_IN.clear();
    SPI_OPENS.set(0);
    SERIAL_OPENS.set(0);
    fault = null;
  }

  /** From now on every open, write and read fails with this message, as a missing or unplugged device does. */
  public static void fail(String message) {
    fault = message;
  }

  public static void recover() {
    fault = null;
  }

  public static List<SpiWrite> spiWrites() {
    return List.copyOf(SPI_WRITES);
  }

  public static byte[] serialWritten() {
    synchronized (SERIAL_OUT) {
      return SERIAL_OUT.toByteArray();
    }
  }

  public static String serialWrittenText() {
    return new String(serialWritten(), StandardCharsets.US_ASCII);
  }

  /** The thread of each serial write, in order. */
  public static List<String> serialWriteThreads() {
    return List.copyOf(SERIAL_WRITE_THREADS);
  }

  /** Bytes the serial controller "sends": the driver reads them from the port. */
  public static void controllerSends(String text) {
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      SERIAL_IN.add(b);
    }
  }

  /** Bytes the controller sent that the driver has not read yet. */
  public static int controllerBytesWaiting() {
    return SERIAL_IN.size();
  }

  public static int spiOpens() {
    return SPI_OPENS.get();
  }

  public static int serialOpens() {
    return SERIAL_OPENS.get();
  }

  public static String lastSerialPort() {
    return lastSerialPort;
  }

  public static int lastBaud() {
    return lastBaud;
  }

  private static void checkFault() {
    String message = fault;
    if (message != null) {
      throw new RuntimeIOException(message);
    }
  }

  @Override
  public String getName() {
    return "recording-test";
  }

  @Override
  public void shutdown() {
  }

  @Override
  public InternalSpiDeviceInterface createSpiDevice(String key, int controller, int chipSelect, int frequency,
      SpiClockMode spiClockMode, boolean lsbFirst) {
    checkFault();
    SPI_OPENS.incrementAndGet();
    return new SpiRecorder(key, this, controller, chipSelect, frequency);
  }

  @Override
  public InternalSerialDeviceInterface createSerialDevice(String key, String deviceFilename, int baud,
      SerialConstants.DataBits dataBits, SerialConstants.StopBits stopBits, SerialConstants.Parity parity,
      boolean readBlocking, int minReadChars, int readTimeoutMillis) {
    checkFault();
    SERIAL_OPENS.incrementAndGet();
    lastSerialPort = deviceFilename;
    lastBaud = baud;
    return new SerialRecorder(key, this);
  }

  private static final class SpiRecorder extends AbstractDevice implements InternalSpiDeviceInterface {
    private final int controller;
    private final int chipSelect;
    private final int frequency;

    SpiRecorder(String key, DeviceFactoryInterface factory, int controller, int chipSelect, int frequency) {
      super(key, factory);
      this.controller = controller;
      this.chipSelect = chipSelect;
      this.frequency = frequency;
    }

    @Override
    public int getController() {
      return controller;
    }

    @Override
    public int getChipSelect() {
      return chipSelect;
    }

    @Override
    public void write(byte... data) {
      write(data, 0, data.length);
    }

    @Override
    public void write(byte[] data, int offset, int length) {
      checkFault();
      SPI_WRITES.add(new SpiWrite(controller, chipSelect, frequency, Arrays.copyOfRange(data, offset, offset + length),
          Thread.currentThread().getName()));
    }

    @Override
    public byte[] writeAndRead(byte... data) {
      write(data);
      return new byte[data.length];
    }

    @Override
    protected void closeDevice() {
    }
  }

  private static final class SerialRecorder extends AbstractDevice implements InternalSerialDeviceInterface {
    SerialRecorder(String key, DeviceFactoryInterface factory) {
      super(key, factory);
    }

    @Override
    public int read() {
      checkFault();
      Byte b = SERIAL_IN.poll();
      return b == null ? -1 : b & 0xFF;
    }

    @Override
    public byte readByte() {
      int b = read();
      if (b < 0) {
        throw new RuntimeIOException("nothing to read");
      }
      return (byte) b;
    }

    @Override
    public int read(byte[] buffer) {
      checkFault();
      int n = 0;
      Byte b;
      while (n < buffer.length && (b = SERIAL_IN.poll()) != null) {
        buffer[n++] = b;
      }
      return n;
    }

    @Override
    public void writeByte(byte value) {
      write(value);
    }

    @Override
    public void write(byte... data) {
      checkFault();
      synchronized (SERIAL_OUT) {
        SERIAL_OUT.writeBytes(data);
      }
      SERIAL_WRITE_THREADS.add(Thread.currentThread().getName());
    }

    @Override
    public int bytesAvailable() {
      checkFault();
      return SERIAL_IN.size();
    }

    @Override
    protected void closeDevice() {
    }
  }

  @Override
  public int getBoardPwmFrequency() {
    return 50;
  }

  @Override
  public void setBoardPwmFrequency(int pwmFrequency) {
  }

  @Override
  public int getBoardServoFrequency() {
    return 50;
  }

  @Override
  public void setBoardServoFrequency(int servoFrequency) {
  }

  @Override
  public DeviceMode getGpioMode(int gpio) {
    throw unsupported();
  }

  @Override
  public int getGpioValue(int gpio) {
    throw unsupported();
  }

  @Override
  public List<Integer> getI2CBusNumbers() {
    return List.of();
  }

  @Override
  public int getI2CFunctionalities(int controller) {
    return 0;
  }

  @Override
  public GpioDigitalInputDeviceInterface createDigitalInputDevice(String key, PinInfo pinInfo, GpioPullUpDown pud,
      GpioEventTrigger trigger) {
    throw unsupported();
  }

  @Override
  public GpioDigitalOutputDeviceInterface createDigitalOutputDevice(String key, PinInfo pinInfo, boolean initialValue) {
    throw unsupported();
  }

  @Override
  public GpioDigitalInputOutputDeviceInterface createDigitalInputOutputDevice(String key, PinInfo pinInfo, DeviceMode mode) {
    throw unsupported();
  }

  @Override
  public InternalPwmOutputDeviceInterface createPwmOutputDevice(String key, PinInfo pinInfo, int pwmFrequency,
      float initialValue) {
    throw unsupported();
  }

  @Override
  public InternalServoDeviceInterface createServoDevice(String key, PinInfo pinInfo, int frequency, int minPulseWidthUs,
      int maxPulseWidthUs, int initialPulseWidthUs) {
    throw unsupported();
  }

  @Override
  public AnalogInputDeviceInterface createAnalogInputDevice(String key, PinInfo pinInfo) {
    throw unsupported();
  }

  @Override
  public AnalogOutputDeviceInterface createAnalogOutputDevice(String key, PinInfo pinInfo, float initialValue) {
    throw unsupported();
  }

  @Override
  public InternalI2CDeviceInterface createI2CDevice(String key, int controller, int address,
      I2CConstants.AddressSize addressSize) {
    throw unsupported();
  }

  private static UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException("the recording test device factory only has SPI and serial devices");
  }
}
