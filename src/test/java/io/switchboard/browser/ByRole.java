package io.switchboard.browser;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebElement;

/**
 * Finds elements as assistive technology sees them: by the ARIA role and the accessible name
 * the browser computes (WebDriver's computed role and label), not by ids or CSS classes. The CSS
 * only narrows the candidates to elements that can have the role.
 */
final class ByRole extends By {
    private static final Map<String, String> CANDIDATES = Map.ofEntries(
            Map.entry("button", "button, [role=button], input[type=button], input[type=submit]"),
            Map.entry("status", "[role=status], output"),
            Map.entry("slider", "input[type=range], [role=slider]"),
            Map.entry("combobox", "select, [role=combobox]"),
            Map.entry("image", "img, canvas, svg, [role=img]"),
            Map.entry("timer", "[role=timer]"),
            Map.entry("list", "ul, ol, [role=list]"),
            Map.entry("group", "fieldset, [role=group]"),
            Map.entry("log", "[role=log]"),
            Map.entry("link", "a[href], [role=link]"),
            Map.entry("textbox", "input:not([type]), input[type=text], textarea, [role=textbox]"),
            Map.entry("spinbutton", "input[type=number], [role=spinbutton]"));

    private final String role;
    private final String name;
    private final boolean prefix;

    private ByRole(String role, String name, boolean prefix) {
        this.role = role;
        this.name = name;
        this.prefix = prefix;
    }

    /** The elements with that role whose accessible name is exactly {@code name}. */
    static ByRole role(String role, String name) {
        return new ByRole(role, name, false);
    }

    /** The elements with that role whose accessible name starts with {@code prefix}. */
    static ByRole roleNamedFrom(String role, String prefix) {
        return new ByRole(role, prefix, true);
    }

    @Override
    public List<WebElement> findElements(SearchContext context) {
        return context.findElements(By.cssSelector(CANDIDATES.getOrDefault(role, "*"))).stream()
                .filter(e -> role.equals(e.getAriaRole()) && named(e.getAccessibleName()))
                .collect(Collectors.toList());
    }

    private boolean named(String accessibleName) {
        return prefix ? accessibleName.startsWith(name) : accessibleName.equals(name);
    }

    @Override
    public String toString() {
        return "role " + role + " named \"" + name + (prefix ? "…" : "") + "\"";
    }
}
