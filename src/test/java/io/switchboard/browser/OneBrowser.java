package io.switchboard.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.chrome.ChromeDriver;

/** A browser test class's one headless Chromium: started before its first test, quit after its last. */
abstract class OneBrowser {
    static ChromeDriver browser;

    @BeforeAll
    static void startBrowser() {
        browser = Chromium.start();
    }

    @AfterAll
    static void quitBrowser() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }
}
