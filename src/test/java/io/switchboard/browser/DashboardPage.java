package io.switchboard.browser;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** dashboard.html as a user (or a screen reader) finds it: by roles and accessible names. */
final class DashboardPage {
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Which elements can have each role, so a lookup does not ask the browser about every element. */
    private static final Map<String, String> CANDIDATES = Map.of(
            "button", "button, [role=button]",
            "status", "[role=status], output",
            "meter", "meter, [role=meter]",
            "switch", "[role=switch]",
            "textbox", "input[type=text], textarea",
            "heading", "h1, h2, h3",
            "image", "svg, img, [role=img]",
            "note", "[role=note]",
            "alert", "[role=alert]",
            "form", "form");

    private final WebDriver browser;
    private final WebDriverWait wait;

    private DashboardPage(WebDriver browser) {
        this.browser = browser;
        this.wait = new WebDriverWait(browser, WAIT);
    }

    /** Opens {@code dashboard.html} under {@code base} and waits until it is connected. */
    static DashboardPage open(WebDriver browser, URL base) {
        DashboardPage page = load(browser, base);
        page.awaitText(page.connection(), "Connected");
        return page;
    }

    /** Opens {@code dashboard.html} under {@code base} without waiting for anything. */
    static DashboardPage load(WebDriver browser, URL base) {
        browser.get(base + "dashboard.html");
        return new DashboardPage(browser);
    }

    /** Fills in the sign-in form and submits it. */
    void signIn(String user, String password) {
        WebElement form = find("form", "Sign in");
        WebElement name = form.findElement(By.cssSelector("input[type=text]"));
        WebElement secret = form.findElement(By.cssSelector("input[type=password]"));
        if (!"User name".equals(name.getAccessibleName()) || !"Password".equals(secret.getAccessibleName())) {
            throw new AssertionError("the sign-in fields are not labelled User name and Password");
        }
        name.clear();
        name.sendKeys(user);
        secret.clear();
        secret.sendKeys(password);
        form.findElement(By.cssSelector("button[type=submit]")).click();
    }

    /** The visible elements with that role whose accessible name is exactly {@code name}. */
    List<WebElement> all(String role, String name) {
        return browser.findElements(By.cssSelector(CANDIDATES.getOrDefault(role, "*"))).stream()
                .filter(e -> role.equals(e.getAriaRole()) && name.equals(e.getAccessibleName()) && e.isDisplayed())
                .collect(Collectors.toList());
    }

    /** The one element with that role and name, waiting for it to show up. */
    WebElement find(String role, String name) {
        return wait.withMessage(() -> "no single " + role + " named \"" + name + "\"; the " + role + "s are "
                        + names(role))
                .until(d -> {
                    List<WebElement> found = all(role, name);
                    return found.size() == 1 ? found.get(0) : null;
                });
    }

    private List<String> names(String role) {
        return browser.findElements(By.cssSelector(CANDIDATES.getOrDefault(role, "*"))).stream()
                .filter(e -> role.equals(e.getAriaRole())).map(WebElement::getAccessibleName)
                .collect(Collectors.toList());
    }

    WebElement connection() {
        return find("status", "Connection");
    }

    /** The client id of the page's session (the `from` of its inputs, since it has no name). */
    String client() {
        WebElement status = connection();
        return wait.until(d -> status.getAttribute("data-client"));
    }

    /** The device's entry in the list: a button named "<name> online" or "<name> offline". */
    WebElement device(String name, boolean online) {
        return find("button", name + (online ? " online" : " offline"));
    }

    WebElement deviceStatus() {
        return find("status", "Device status");
    }

    void awaitText(WebElement element, String text) {
        wait.withMessage(() -> "the text is \"" + element.getText() + "\", expected \"" + text + "\"")
                .until(d -> element.getText().equals(text));
    }

    void awaitAttribute(WebElement element, String attribute, String value) {
        wait.withMessage(() -> attribute + " is \"" + element.getAttribute(attribute) + "\", expected \"" + value + "\"")
                .until(d -> value.equals(element.getAttribute(attribute)));
    }
}
