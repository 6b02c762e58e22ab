package io.switchboard.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.it.Deployments;
import io.switchboard.it.WsClient;
import jakarta.json.JsonObject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.JavascriptExecutor;

/**
 * {@code /mux} driven by the real websocket-multiplex client (multiplex_client.js from the npm
 * package, fetched by the build into target/) in headless Chromium: two chat rooms and the hub's
 * {@code /ws} at once over one socket, each topic behaving as a direct socket to its path, while
 * Java clients sit in the rooms directly.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MuxIT extends OneBrowser {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Path CLIENT = Path.of("target/websocket-multiplex/package/multiplex_client.js");

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hub();
    }

    /** A page of the hub with websocket-multiplex loaded and one mux socket with four channels. */
    private LibraryPage multiplexPage() throws Exception {
        LibraryPage page = LibraryPage.open(browser, base);
        ((JavascriptExecutor) browser).executeScript(Files.readString(CLIENT) + "\nwindow.WebSocketMultiplex = WebSocketMultiplex;");
        page.run("""
                const sock = new WebSocket(new URL('mux', location.href).href.replace(/^http/, 'ws'));
                window.sock = sock;
                window.mx = new WebSocketMultiplex(sock);
                window.seen = { red: [], blue: [], hub: [], nowhere: [] };
                window.ch = {
                  red: mx.channel('/chatrooms/red/chat?name=ann'),
                  blue: mx.channel('/chatrooms/blue/chat?name=ann'),
                  hub: mx.channel('/ws'),
                  nowhere: mx.channel('/no/such/socket'),
                };
                const opened = Object.values(ch).map(c => new Promise(ok => c.addEventListener('open', ok)));
                for (const [k, c] of Object.entries(ch)) {
                  c.addEventListener('message', e => seen[k].push(e.data));
                  c.addEventListener('close', () => seen[k].push('closed'));
                }
                await Promise.all(opened);""");
        return page;
    }

    @Test
    void theWebsocketMultiplexClientTalksToTwoRoomsAndTheHubOverOneSocket() throws Exception {
        try (WsClient bob = WsClient.connect(Deployments.ws(base, "chatrooms/red/chat?name=bob"));
             WsClient cy = WsClient.connect(Deployments.ws(base, "chatrooms/blue/chat?name=cy"))) {
            LibraryPage page = multiplexPage();
            await("a topic that is no socket is closed (uns)").atMost(WAIT)
                    .until(() -> page.<List<String>>eval("seen.nowhere").equals(List.of("closed")));

            page.run("ch.red.send('hello red'); ch.blue.send('hello blue');");
            assertSaid(bob.next(), "ann", "hello red");
            assertSaid(cy.next(), "ann", "hello blue");
            bob.sendRaw("hi ann");
            assertSaid(bob.next(), "bob", "hi ann");
            await("ann hears her own line and bob's in red").atMost(WAIT).until(() -> page.<Long>eval("seen.red.length") == 2);
            await("and her own line in blue").atMost(WAIT).until(() -> page.<Long>eval("seen.blue.length") == 1);
            assertThat(page.<List<String>>eval("seen.red.map(t => JSON.parse(t).from + ': ' + JSON.parse(t).text)"))
                    .containsExactly("ann: hello red", "bob: hi ann");
            assertThat(page.<List<String>>eval("seen.blue.map(t => JSON.parse(t).text)")).containsExactly("hello blue");

            page.run("""
                    ch.hub.send(JSON.stringify({ op: 'hello', kind: 'browser' }));
                    ch.hub.send(JSON.stringify({ op: 'sub', ch: '/mux-it/echo', id: 's' }));
                    ch.hub.send(JSON.stringify({ op: 'pub', ch: '/mux-it/echo', data: 42, id: 'p' }));""");
            await("the hub topic speaks the hub's protocol").atMost(WAIT)
                    .until(() -> page.<Boolean>eval("seen.hub.some(t => JSON.parse(t).op === 'msg')"));
            assertThat(page.<List<String>>eval("seen.hub.map(t => JSON.parse(t).op)")).startsWith("welcome");
            assertThat(page.<Long>eval("seen.hub.map(JSON.parse).find(f => f.op === 'msg').data")).isEqualTo(42L);

            // Closing one topic leaves the others; a frame for a topic no longer subscribed is ignored.
            page.run("""
                    ch.red.close();
                    await new Promise(ok => setTimeout(ok, 0));
                    sock.send('msg,' + escape('/chatrooms/red/chat?name=ann') + ',ghost');
                    ch.blue.send('still here');
                    window.ch.red = mx.channel('/chatrooms/red/chat?name=ann');
                    await new Promise(ok => ch.red.addEventListener('open', ok));
                    ch.red.send('back');""");
            assertSaid(cy.next(), "ann", "still here");
            assertSaid(bob.next(), "ann", "back");
            assertThat(page.<Long>eval("sock.readyState")).isEqualTo(1L);
            page.run("sock.close(1000);");
        }
    }

    private static void assertSaid(JsonObject line, String from, String text) {
        assertThat(Map.of("from", line.getString("from"), "text", line.getString("text")))
                .as(line.toString()).isEqualTo(Map.of("from", from, "text", text));
        assertThat(line.getString("at")).endsWith("Z");
    }
}
