package io.switchboard.browser;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** player.html as a user (or a screen reader) finds it: by roles and accessible names. */
final class PlayerPage {
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** A cheap fingerprint of the canvas pixels (FNV-1a over RGB), to see whether the picture moves. */
    private static final String CANVAS_HASH = """
            const c = arguments[0], d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let h = 2166136261;
            for (let i = 0; i < d.length; i += 4) h = Math.imul(h ^ d[i] ^ (d[i + 1] << 8) ^ (d[i + 2] << 16), 16777619);
            return h >>> 0;""";

    private final WebDriver browser;
    private final String name;
    private final WebDriverWait wait;

    private PlayerPage(WebDriver browser, String name) {
        this.browser = browser;
        this.name = name;
        this.wait = new WebDriverWait(browser, WAIT);
    }

    /** Opens {@code player.html?name=<name>} under {@code base} and waits until it is registered. */
    static PlayerPage open(WebDriver browser, URL base, String name) {
        browser.get(base + "player.html?name=" + name);
        PlayerPage page = new PlayerPage(browser, name);
        page.awaitConnection("Registered as " + page.channel());
        return page;
    }

    String channel() {
        return "/players/" + name + "/control";
    }

    WebElement connection() {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(ByRole.role("status", "Connection")));
    }

    WebElement playback() {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(ByRole.role("status", "Playback")));
    }

    void awaitConnection(String text) {
        WebElement status = connection();
        wait.withMessage(() -> "connection status is \"" + status.getText() + "\", expected \"" + text + "\"")
                .until(d -> status.getText().equals(text));
    }

    /** Waits until the playback status starts with {@code text} ("Playing", "Paused at 0:30"). */
    void awaitPlayback(String text) {
        WebElement status = playback();
        wait.withMessage(() -> "playback status is \"" + status.getText() + "\", expected \"" + text + "…\"")
                .until(d -> status.getText().startsWith(text));
    }

    /** The Play/Pause button: its name is what it would do. */
    WebElement button(String label) {
        return wait.until(ExpectedConditions.elementToBeClickable(ByRole.role("button", label)));
    }

    WebElement seekSlider() {
        return browser.findElement(ByRole.role("slider", "Seek"));
    }

    Select source() {
        return new Select(browser.findElement(ByRole.role("combobox", "Source")));
    }

    String timeShown() {
        return browser.findElement(ByRole.role("timer", "Position")).getText();
    }

    /** The canvas's accessible name: "Animation <src> at m:ss". */
    String screenLabel() {
        return canvas().getAccessibleName();
    }

    /** The position (seconds) of the frame last drawn on the canvas. */
    double drawnPosition() {
        return Double.parseDouble(canvas().getDomAttribute("data-position"));
    }

    String drawnSource() {
        return canvas().getDomAttribute("data-src");
    }

    long canvasHash() {
        return ((Number) ((JavascriptExecutor) browser).executeScript(CANVAS_HASH, canvas())).longValue();
    }

    /** The client id of the page's hub session (the connection status carries it). */
    String sessionClient() {
        return connection().getDomAttribute("data-client");
    }

    /** Whether the hub's last welcome to the page resumed its session. */
    boolean sessionResumed() {
        return Boolean.parseBoolean(connection().getDomAttribute("data-resumed"));
    }

    /** From now on, every text the connection status shows is kept, for {@link #connectionHistory}. */
    void recordConnectionHistory() {
        ((JavascriptExecutor) browser).executeScript("""
                const el = arguments[0];
                window.connectionHistory = [el.textContent];
                new MutationObserver(() => window.connectionHistory.push(el.textContent))
                    .observe(el, {childList: true, characterData: true, subtree: true});""", connection());
    }

    @SuppressWarnings("unchecked")
    List<String> connectionHistory() {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("return window.connectionHistory;");
    }

    WebElement calls() {
        return browser.findElement(ByRole.role("list", "Calls"));
    }

    private WebElement canvas() {
        return browser.findElement(ByRole.roleNamedFrom("image", "Animation "));
    }
}
