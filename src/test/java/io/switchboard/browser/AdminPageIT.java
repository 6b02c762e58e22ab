package io.switchboard.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.it.Deployments;
import io.switchboard.it.WsClient;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * admin.html in headless Chromium on an open hub (no users: the Server API answers loopback, which
 * the browser is): a live session appears with its transport, the Disconnect button ends it and
 * its client sees 4003. Also the loopback rule's open half: no token needed from loopback.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminPageIT extends OneBrowser {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hub();
    }

    @Test
    void aSessionAppearsAndIsDisconnectedWithItsButton() {
        WsClient device = WsClient.connect(Deployments.ws(base, "ws"));
        device.send("{\"op\":\"hello\",\"client\":\"admin-page-1\",\"name\":\"watched\"}");
        device.nextOp("welcome");
        device.send("{\"op\":\"sub\",\"ch\":\"/admin-page/**\",\"id\":\"s\"}");
        device.nextOp("ok");

        browser.get(base + "admin.html");
        // Rows of sessions that end (other tests', other pages') may go while a lookup walks them.
        var wait = new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class);
        WebElement button = wait.until(b -> b.findElements(ByRole.role("button", "Disconnect watched")).stream()
                .findFirst().orElse(null));
        WebElement row = button.findElement(By.xpath("./ancestor::tr"));
        assertThat(row.getText()).contains("admin-page-1", "watched", "device", "ws", "/admin-page/**");
        wait.until(b -> b.findElements(By.cssSelector("#channels tr[data-channel='/admin-page/**']")).size() == 1);

        button.click();
        assertThat(device.awaitClose()).isEqualTo(4003);
        assertThat(device.closeReason()).isEqualTo("disconnected by admin");
        wait.until(b -> b.findElements(ByRole.role("button", "Disconnect watched")).isEmpty());
        assertThat(browser.findElement(By.id("notice")).getText()).isEqualTo("Disconnected admin-page-1.");
    }

    /**
     * The other half of the rule (a non-loopback address is refused) cannot be asked here: the IT
     * hub's HTTP listener is bound to loopback (etc/preboot.asadmin, switchboard.address), so no
     * request from another address reaches it. AdminAccessTest covers the refusal.
     */
    @Test
    void theOpenHubAnswersLoopbackWithoutAToken() throws Exception {
        HttpResponse<String> local = HttpClient.newHttpClient().send(HttpRequest.newBuilder(Deployments.http(base,
                "api/sessions")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(local.statusCode()).as(local.body()).isEqualTo(200);
        assertThat(local.body()).startsWith("[");
    }
}
