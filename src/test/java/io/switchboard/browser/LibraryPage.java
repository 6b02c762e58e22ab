package io.switchboard.browser;

import java.net.URL;
import java.time.Duration;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * A page of the hub with the browser library imported as {@code window.sb}
 * (js/switchboard/index.js), for tests that drive the library's API from Java. Scripts run in the
 * page: {@link #run} awaits an async body and returns what it returns (an error thrown in it is
 * a test failure with the page's message).
 */
final class LibraryPage {
    private static final String ASYNC = """
            const done = arguments[arguments.length - 1];
            (async () => { BODY })().then(v => done({ ok: true, v: v === undefined ? null : v }),
                                       e => done({ ok: false, v: String(e && e.stack || e) }));""";

    private final JavascriptExecutor js;

    private LibraryPage(WebDriver browser) {
        this.js = (JavascriptExecutor) browser;
    }

    /** Opens {@code index.html} under {@code base} and imports the library. */
    static LibraryPage open(WebDriver browser, URL base) {
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        browser.get(base + "index.html");
        LibraryPage page = new LibraryPage(browser);
        page.run("window.sb = await import(new URL('js/switchboard/index.js', location.href).href);"
                + "window.M = await import(new URL('js/switchboard/multi.js', location.href).href);");
        return page;
    }

    /** Runs {@code body} as the body of an async function in the page and returns its result. */
    @SuppressWarnings("unchecked")
    <T> T run(String body) {
        Object answer = js.executeAsyncScript(ASYNC.replace("BODY", body));
        var result = (java.util.Map<String, Object>) answer;
        if (!Boolean.TRUE.equals(result.get("ok"))) {
            throw new AssertionError("the page's script failed: " + result.get("v"));
        }
        return (T) result.get("v");
    }

    /** The value of a synchronous expression in the page. */
    @SuppressWarnings("unchecked")
    <T> T eval(String expression) {
        return (T) js.executeScript("return " + expression + ";");
    }
}
