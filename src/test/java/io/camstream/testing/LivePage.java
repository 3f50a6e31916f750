package io.camstream.testing;

import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** The live page as a test sees it: controls by id, and what the live image shows. */
public final class LivePage {
  /**
   * Draws the live image onto a canvas and sums up what it shows: size, mean colourfulness
   * (0 for gray pixels) and a hash of sampled pixels that changes when the picture does.
   */
  private static final String SAMPLE = """
      const img = document.getElementById('live');
      if (!img || !img.naturalWidth) { return null; }
      const w = img.naturalWidth, h = img.naturalHeight;
      const canvas = document.createElement('canvas');
      canvas.width = w; canvas.height = h;
      const g = canvas.getContext('2d');
      g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, w, h).data;
      let chroma = 0, n = 0, hash = 0;
      for (let i = 0; i < d.length; i += 4 * 7) {
        const r = d[i], gr = d[i + 1], b = d[i + 2];
        chroma += Math.max(Math.abs(r - gr), Math.abs(gr - b), Math.abs(r - b));
        hash = (Math.imul(hash, 31) + r * 65536 + gr * 256 + b) | 0;
        n++;
      }
      return { width: w, height: h, chroma: chroma / n, hash: hash };
      """;

  private final WebDriver driver;

  public LivePage(WebDriver driver) {
    this.driver = driver;
  }

  public record Picture(long width, long height, double chroma, long hash) {
  }

  public Picture picture() {
    Object result = ((JavascriptExecutor) driver).executeScript(SAMPLE);
    if (!(result instanceof Map<?, ?> map)) {
      return null;
    }
    return new Picture(((Number) map.get("width")).longValue(), ((Number) map.get("height")).longValue(),
        ((Number) map.get("chroma")).doubleValue(), ((Number) map.get("hash")).longValue());
  }

  public Picture waitForPicture(String what, java.util.function.Predicate<Picture> done) {
    return Poll.until(Duration.ofSeconds(30), what, this::picture, p -> p != null && done.test(p));
  }

  public WebElement byId(String id) {
    return driver.findElement(By.id(id));
  }

  public boolean pressed(String id) {
    return "true".equals(byId(id).getAttribute("aria-pressed"));
  }

  public void waitPressed(String id, boolean on) {
    Poll.until(Duration.ofSeconds(20), "#" + id + " aria-pressed=" + on, () -> pressed(id), p -> p == on);
  }

  public String text(String id) {
    return byId(id).getText();
  }

  public boolean visible(String id) {
    return byId(id).isDisplayed();
  }

  /** Waits until the page has the camera's state from the socket (the controls are enabled). */
  public void waitReady() {
    Poll.until(Duration.ofSeconds(30), "the camera state to reach the page",
        () -> byId("image-controls").getAttribute("disabled") == null, ready -> ready);
  }
}
