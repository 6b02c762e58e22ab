package io.switchboard.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium through Debian's ChromeDriver, named explicitly so that Selenium
 * Manager never tries to download a driver (STACK.md, "Browser tests"). Each browser gets a fresh
 * profile under {@code target/chromium/}, and the driver's cache and config folders point there.
 * The binaries can be moved with {@code -Dchromium.binary=…} and {@code -Dchromium.driver=…}.
 */
final class Chromium {
    private Chromium() {
    }

    static ChromeDriver start() {
        Path profile = freshProfile();
        String dir = profile.toString();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("chromium.driver", "/usr/bin/chromedriver")))
                .usingAnyFreePort()
                .withEnvironment(Map.of("XDG_CACHE_HOME", dir, "XDG_CONFIG_HOME", dir))
                .withLogFile(profile.resolve("chromedriver.log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"))
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--window-size=1000,900", "--user-data-dir=" + dir);
        return new ChromeDriver(service, options);
    }

    private static Path freshProfile() {
        try {
            Path parent = Files.createDirectories(Path.of("target", "chromium"));
            return Files.createTempDirectory(parent, "profile-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
