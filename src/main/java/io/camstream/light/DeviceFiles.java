package io.camstream.light;

import com.diozero.api.RuntimeIOException;
import com.diozero.internal.provider.builtin.DefaultDeviceFactory;
import com.diozero.sbc.DeviceFactoryHelper;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks a device file before diozero's built-in provider opens it: that provider reports a
 * missing /dev/spidev only later, as "Error in spiTransfer(), response: -1". Other providers
 * (remote boards, tests) have no device files and are not checked.
 */
final class DeviceFiles {
  private DeviceFiles() {
  }

  static void check(String device) {
    if (!(DeviceFactoryHelper.getNativeDeviceFactory() instanceof DefaultDeviceFactory)) {
      return;
    }
    Path path = Path.of(device);
    if (!Files.exists(path)) {
      throw new RuntimeIOException("no such device file");
    }
    if (!Files.isReadable(path) || !Files.isWritable(path)) {
      throw new RuntimeIOException("permission denied: this user cannot read and write the device file");
    }
  }
}
