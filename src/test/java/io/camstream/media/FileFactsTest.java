package io.camstream.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What files that no recording or snapshot of this server made say about themselves. */
class FileFactsTest {
  @TempDir
  Path dir;

  @Test
  void aPictureFromAnotherProgramSaysItsSize() throws Exception {
    Path png = dir.resolve("drawn.png");
    Path jpeg = dir.resolve("drawn.jpg");
    ImageIO.write(new BufferedImage(123, 45, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
    ImageIO.write(new BufferedImage(67, 89, BufferedImage.TYPE_INT_RGB), "jpg", jpeg.toFile());
    assertThat(FileFacts.of(png)).isEqualTo(new FileFacts(123, 45, null, null));
    assertThat(FileFacts.of(jpeg)).isEqualTo(new FileFacts(67, 89, null, null));
  }

  @Test
  void aFileThatIsNotWhatItsNameSaysSaysNothing() throws Exception {
    for (String name : new String[] {"fake.avi", "fake.jpg", "fake.png", "empty.avi"}) {
      Files.writeString(dir.resolve(name), name.startsWith("empty") ? "" : "RIFF but not really an AVI file at all");
      assertThat(FileFacts.of(dir.resolve(name))).as(name).isEqualTo(FileFacts.NONE);
    }
    assertThat(FileFacts.of(dir.resolve("missing.jpg"))).isEqualTo(FileFacts.NONE);
  }
}
