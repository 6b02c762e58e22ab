package io.switchboard.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.it.Deployments;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A plain browser EventSource on /sse resumes after the server drops its stream (the deployment
 * closes streams after switchboard.sse.maxAge) and loses nothing: numbers published over HTTP
 * across several drops all arrive in the page, once each, in order.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SseResumeIT extends OneBrowser {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hubWith("switchboard.sse.maxAge=1000", "switchboard.sse.retry=100", "switchboard.sse.heartbeat=1000")
                // a test page, not part of the product: src/test/webapp
                .addAsWebResource(new java.io.File("src/test/webapp/sse-resume.html"), "sse-resume.html");
    }

    @Test
    void anEventSourceResumesAcrossServerDropsWithoutLosingOrRepeating() throws Exception {
        browser.get(base + "sse-resume.html?pattern=/resume/*/seq");
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        WebElement opens = status(wait, "Opens");
        WebElement received = status(wait, "Received");
        wait.until(d -> !opens.getText().equals("0"));
        // subscribed, not just open: the stream is counted once doGet has subscribed it
        await().atMost(WAIT).until(() -> metric("switchboard_sse_streams") >= 1);

        int published = 0;
        while ((Integer.parseInt(opens.getText()) < 4 || published < 50) && published < 5_000) {
            for (int i = 0; i < 5; i++) {
                published++;
                publish("/resume/" + (published % 2 == 0 ? "a" : "b") + "/seq", "{\"n\":" + published + "}");
            }
            String want = String.valueOf(published);
            wait.withMessage(() -> "received " + received.getText() + " of " + want).until(d -> received.getText().equals(want));
        }
        assertThat(Integer.parseInt(opens.getText())).as("the server dropped the stream several times").isGreaterThanOrEqualTo(4);
        assertThat(status(wait, "In order").getText()).isEqualTo("yes");
        assertThat(status(wait, "Gaps").getText()).isEqualTo("0");
        List<Integer> numbers = browser.findElement(ByRole.role("list", "Numbers")).findElements(org.openqa.selenium.By.tagName("li"))
                .stream().map(e -> Integer.parseInt(e.getText())).toList();
        assertThat(numbers).containsExactlyElementsOf(IntStream.rangeClosed(1, published).boxed().toList());
        System.out.printf("SseResumeIT: %d numbers over %s streams, all once and in order%n", published, opens.getText());
    }

    private static WebElement status(WebDriverWait wait, String name) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(ByRole.role("status", name)));
    }

    private void publish(String ch, String json) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(Deployments.http(base, "api/publish" + ch))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private long metric(String name) throws Exception {
        URI uri = URI.create(base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/metrics");
        String body = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(name + "{")).mapToLong(l -> (long) Double.parseDouble(
                l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElseThrow(() -> new AssertionError(name + " missing"));
    }
}
