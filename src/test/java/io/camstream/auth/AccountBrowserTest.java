package io.camstream.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Browser;
import io.camstream.testing.LivePage;
import io.camstream.testing.Poll;
import io.camstream.testing.SecuredServer;
import io.camstream.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The user menu on a desktop and a phone: who is signed in, sign out, change one's own
 * password; and a role sees only the controls it may use (the server refuses the others
 * anyway).
 */
class AccountBrowserTest {
  /** Controls of the live page that need more than watching. */
  private static final List<String> OPERATOR_CONTROLS = List.of("image-controls", "focus-controls", "light-controls",
      "capture-controls", "snapshot", "record");

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource({"desktop, 1280, 800, false", "phone, 390, 844, true"})
  void eachRoleSeesItsNameAndOnlyWhatItMayUseAndChangesItsOwnPassword(String screen, int width, int height,
      boolean mobile) {
    try (TestServer server = SecuredServer.start(dir, Map.of()); Browser browser = Browser.start(1280, 800)) {
      browser.viewport(width, height, mobile);
      assertThat(SecuredServer.as(Role.OPERATOR, server, "/snapshot?filename=garden").statusCode()).isEqualTo(200);
      String name = "AccountBrowserTest-" + screen + "-" + width + "x" + height;

      browser.driver().get(server.url("/"));
      SessionServers.signIn(browser, "viewer", SecuredServer.PASSWORD + " viewer");
      LivePage page = new LivePage(browser.driver());
      page.waitReady();
      waitForMediaItem(browser);
      assertThat(page.text("account-who")).isEqualTo("signed in as viewer (viewer)");
      assertThat(page.visible("account-who")).isTrue();
      for (String id : OPERATOR_CONTROLS) {
        assertThat(page.visible(id)).as(id + " for a viewer").isFalse();
      }
      assertThat(deleteButtons(browser)).as("Delete for a viewer").isNotEmpty().noneMatch(WebElement::isDisplayed);
      assertThat(browser.screenshot(name + "-viewer")).isNotEmptyFile();
      // the server still refuses what the page does not offer
      Object refused = browser.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
          + "fetch('/api/camera', {method: 'POST', headers: {'Content-Type': 'application/json'},"
          + " body: JSON.stringify({action: 'grayscale', enabled: true})}).then(r => done(r.status));");
      assertThat(((Number) refused).intValue()).isEqualTo(403);
      assertDatabaseEditing(browser, false);
      browser.driver().get(server.url("/"));
      page.waitReady();

      changePassword(browser, page, "wrong one", "viewer's new password", "viewer's new password");
      Poll.until(Duration.ofSeconds(20), "the refusal in the dialog", () -> page.text("password-message"),
          text -> text.contains("current password is wrong"));
      assertThat(browser.screenshot(name + "-password-refused")).isNotEmptyFile();
      browser.click(By.id("password-cancel"));
      changePassword(browser, page, SecuredServer.PASSWORD + " viewer", "viewer's new password", "viewer's new password");
      Poll.until(Duration.ofSeconds(20), "the change confirmed", () -> page.text("message"),
          text -> text.contains("Your password is changed"));
      assertThat(SecuredServer.get(server, "/api/me", "Authorization",
          SecuredServer.basic("viewer", SecuredServer.PASSWORD + " viewer")).statusCode()).as("old password").isEqualTo(401);
      assertThat(SecuredServer.get(server, "/api/me", "Authorization",
          SecuredServer.basic("viewer", "viewer's new password")).statusCode()).as("new password").isEqualTo(200);
      browser.driver().navigate().refresh();
      new LivePage(browser.driver()).waitReady();
      assertThat(browser.driver().getCurrentUrl()).as("this sign-in goes on").isEqualTo(server.url("/"));

      browser.click(By.id("account-who"));
      browser.click(By.id("sign-out"));
      Poll.until(Duration.ofSeconds(20), "the sign-in page", () -> browser.driver().getCurrentUrl(),
          url -> url.contains("/login"));
      SessionServers.signIn(browser, "admin", SecuredServer.PASSWORD + " admin");
      LivePage admin = new LivePage(browser.driver());
      admin.waitReady();
      waitForMediaItem(browser);
      assertThat(admin.text("account-who")).isEqualTo("signed in as admin (admin)");
      for (String id : OPERATOR_CONTROLS) {
        assertThat(admin.visible(id)).as(id + " for an admin").isTrue();
      }
      assertThat(deleteButtons(browser)).as("Delete for an admin").isNotEmpty().allMatch(WebElement::isDisplayed);
      browser.click(By.id("account-who"));
      assertThat(admin.visible("change-password")).isTrue();
      assertThat(admin.visible("sign-out")).isTrue();
      assertThat(browser.screenshot(name + "-admin-menu")).isNotEmptyFile();
      assertDatabaseEditing(browser, true);
      assertThat(browser.screenshot(name + "-admin-database")).isNotEmptyFile();
      assertThat(browser.consoleErrors()).as("no CSP violations or script errors")
          .allMatch(line -> line.contains("401") || line.contains("403"));
    }
  }

  private static void changePassword(Browser browser, LivePage page, String current, String next, String again) {
    browser.click(By.id("account-who"));
    browser.click(By.id("change-password"));
    Poll.until(Duration.ofSeconds(10), "the password dialog", () -> page.visible("password-current"), shown -> shown);
    page.byId("password-current").sendKeys(current);
    page.byId("password-new").sendKeys(next);
    page.byId("password-again").sendKeys(again);
    browser.click(By.id("password-save"));
  }

  /** The media list editor: adding a file and a new list are for operators and admins, Delete for admins. */
  private static void assertDatabaseEditing(Browser browser, boolean admin) {
    browser.driver().get(browser.driver().getCurrentUrl().replaceFirst("/[^/]*$", "/database"));
    waitForMediaItem(browser);
    assertThat(browser.driver().findElement(By.id("add-form")).isDisplayed()).as("Add").isEqualTo(admin);
    assertThat(browser.driver().findElement(By.id("new-database")).isDisplayed()).as("New database").isEqualTo(admin);
    assertThat(deleteButtons(browser)).as("Delete").isNotEmpty().allMatch(b -> b.isDisplayed() == admin);
  }

  private static void waitForMediaItem(Browser browser) {
    Poll.until(Duration.ofSeconds(20), "the media list with the snapshot",
        () -> browser.driver().findElements(By.cssSelector(".media-item[data-filename='garden.jpg']")).size(), n -> n == 1);
  }

  private static List<WebElement> deleteButtons(Browser browser) {
    return browser.driver().findElements(By.cssSelector(".media-item button.danger"));
  }
}
