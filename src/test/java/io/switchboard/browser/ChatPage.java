package io.switchboard.browser;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * chat.html as a person finds it: the Rooms navigation, the Messages log, the Message box and
 * Send button, the status line. The browser records every WebSocket the page opens (a script
 * installed before any page script), so a test can count the connections.
 */
final class ChatPage {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String COUNT_SOCKETS = """
            window.__sockets = [];
            window.WebSocket = new Proxy(window.WebSocket, {
              construct(target, args, newTarget) {
                window.__sockets.push(String(args[0]));
                return Reflect.construct(target, args, newTarget);
              }
            });""";

    private final ChromeDriver browser;
    private final WebDriverWait wait;

    private ChatPage(ChromeDriver browser) {
        this.browser = browser;
        this.wait = new WebDriverWait(browser, WAIT);
    }

    /** Makes every page this browser opens record its WebSockets. */
    static void countSockets(ChromeDriver browser) {
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", COUNT_SOCKETS));
    }

    /** Opens {@code chat.html?name=<name>[&mux=1]#<room>} and waits until the page is in the room. */
    static ChatPage open(ChromeDriver browser, URL base, String name, String room, boolean mux) {
        browser.get(base + "chat.html?name=" + name + (mux ? "&mux=1" : "") + "#" + room);
        ChatPage page = new ChatPage(browser);
        page.awaitStatus("In " + room + " as " + name);
        return page;
    }

    WebElement status() {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(ByRole.role("status", "Connection")));
    }

    void awaitStatus(String text) {
        WebElement status = status();
        wait.withMessage(() -> "status is \"" + status.getText() + "\", expected \"" + text + "\"")
                .until(d -> text.equals(status.getText()));
    }

    void say(String text) {
        WebElement box = browser.findElement(ByRole.role("textbox", "Message"));
        box.sendKeys(text);
        browser.findElement(ByRole.role("button", "Send")).click();
    }

    void join(String room) {
        browser.findElement(ByRole.role("textbox", "Room")).sendKeys(room);
        browser.findElement(ByRole.role("button", "Join")).click();
    }

    /** The log as "from: text" lines. */
    List<String> messages() {
        WebElement log = browser.findElement(ByRole.role("log", "Messages"));
        return log.findElements(By.tagName("li")).stream()
                .map(li -> li.findElement(By.tagName("b")).getText() + ": " + li.findElement(By.tagName("span")).getText())
                .toList();
    }

    void awaitMessages(List<String> expected) {
        wait.withMessage(() -> "messages are " + messages() + ", expected " + expected).until(d -> messages().equals(expected));
    }

    /** The names of the rooms listed, as their links read. */
    List<String> rooms() {
        return browser.findElement(ByRole.role("list", "Rooms")).findElements(ByRole.roleNamedFrom("link", "")).stream()
                .map(WebElement::getAccessibleName).toList();
    }

    void awaitRooms(java.util.function.Predicate<List<String>> condition, String what) {
        wait.withMessage(() -> "rooms are " + rooms() + ", expected " + what).until(d -> condition.test(rooms()));
    }

    /** The WebSocket URLs this page opened. */
    @SuppressWarnings("unchecked")
    List<String> sockets() {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("return window.__sockets;");
    }
}
