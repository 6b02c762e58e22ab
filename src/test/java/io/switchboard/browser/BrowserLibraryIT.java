package io.switchboard.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.it.Deployments;
import io.switchboard.it.FaultyProxy;
import io.switchboard.it.WsClient;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.WebDriver;

/**
 * The browser library (webapp/js/switchboard) in headless Chromium against the real hub:
 * RelativeWebSocket and JSONWebSocket against {@code /ws}, and the hub client over {@code /ws}
 * and over a {@code /mux} topic surviving a dropped connection with nothing lost or doubled.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BrowserLibraryIT extends OneBrowser {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hub();
    }

    @Test
    void relativeWebSocketResolvesAgainstThePageAndIsAWebSocket() {
        LibraryPage page = LibraryPage.open(browser, base);
        Map<String, Object> r = page.run("""
                const tls = sb.socketUrl('chat?name=ann', 'https://example.org/chatrooms/lobby/').href;
                const plain = sb.socketUrl('../x', 'http://example.org/a/b/').href;
                const ws = new sb.RelativeWebSocket('ws');
                await new Promise((ok, fail) => { ws.onopen = ok; ws.onerror = () => fail(new Error('no open')); });
                ws.send(JSON.stringify({ op: 'hello', kind: 'browser' }));
                const first = await new Promise(ok => { ws.onmessage = e => ok(e.data); });
                ws.close(1000);
                const code = await new Promise(ok => { ws.onclose = e => ok(e.code); });
                return { tls, plain, url: ws.url, isWebSocket: ws instanceof WebSocket, first, code };""");
        assertThat(r.get("tls")).isEqualTo("wss://example.org/chatrooms/lobby/chat?name=ann");
        assertThat(r.get("plain")).isEqualTo("ws://example.org/a/x");
        assertThat(r.get("url")).isEqualTo(Deployments.ws(base, "ws").toString());
        assertThat(r.get("isWebSocket")).isEqualTo(true);
        assertThat((String) r.get("first")).startsWith("{\"op\":\"welcome\"");
        assertThat(r.get("code")).isEqualTo(1000L);
    }

    @Test
    void jsonWebSocketSendsValuesAndHandsOutParsedMessages() {
        LibraryPage page = LibraryPage.open(browser, base);
        Map<String, Object> r = page.run("""
                const ws = new sb.JSONWebSocket('ws');
                const states = [ws.readyState];
                await new Promise(ok => ws.addEventListener('open', ok));
                states.push(ws.readyState);
                const next = () => new Promise(ok => { ws.onmessage = e => ok(e.data); });
                ws.send({ op: 'hello', kind: 'browser' });
                const welcome = await next();
                ws.send({ op: 'ping', id: 'p1' });
                const pong = await next();
                ws.close(1000);
                const closed = await new Promise(ok => { ws.onclose = e => ok(e.code); });
                states.push(ws.readyState);
                class Scripted extends EventTarget {
                  constructor() {
                    super();
                    this.readyState = 1;
                    setTimeout(() => ['not json', '{"a":[1,2]}'].forEach(data =>
                      this.dispatchEvent(new MessageEvent('message', { data }))), 0);
                  }
                  send() {}
                  close() {}
                }
                const scripted = new sb.JSONWebSocket('anything', undefined, { WebSocket: Scripted });
                const [bad, good] = await Promise.all([
                  new Promise(ok => { scripted.onerror = e => ok(e.data); }),
                  new Promise(ok => { scripted.onmessage = e => ok(e.data); })]);
                let unsendable = null;
                try { scripted.send(undefined); } catch (e) { unsendable = e.name; }
                return { states, welcome: typeof welcome === 'object' && welcome.op, pong, closed, bad, good, unsendable };""");
        assertThat(r.get("states")).isEqualTo(List.of(0L, 1L, 3L));
        assertThat(r.get("welcome")).isEqualTo("welcome");
        assertThat(r.get("pong")).isEqualTo(Map.of("op", "pong", "id", "p1"));
        assertThat(r.get("closed")).isEqualTo(1000L);
        assertThat(r.get("bad")).isEqualTo("not json");
        assertThat(r.get("good")).isEqualTo(Map.of("a", List.of(1L, 2L)));
        assertThat(r.get("unsendable")).isEqualTo("TypeError");
    }

    /** The same script with the direct sockets and the multiplexed ones gives the same answers. */
    @Test
    void multiWebSocketBehavesAsTheDirectOneOverOneSharedSocket() {
        LibraryPage page = LibraryPage.open(browser, base);
        Map<String, Object> r = page.run("""
                const D = await import(new URL('js/switchboard/direct.js', location.href).href);
                async function script(S) {
                  const seen = [];
                  const a = new S.JSONWebSocket('ws'), b = new S.JSONWebSocket('ws');
                  await Promise.all([a, b].map(s => new Promise(ok => s.addEventListener('open', ok))));
                  const next = s => new Promise(ok => { s.onmessage = e => ok(e.data); });
                  a.send({ op: 'hello', kind: 'browser', client: 'twin-' + (S === M ? 'm' : 'd') + '-a' });
                  b.send({ op: 'hello', kind: 'browser', client: 'twin-' + (S === M ? 'm' : 'd') + '-b' });
                  const [wa, wb] = await Promise.all([next(a), next(b)]);
                  seen.push(wa.op, wb.op, wa.session !== wb.session);
                  a.send({ op: 'sub', ch: '/twin/x', id: 's' });
                  seen.push((await next(a)).op);
                  b.send({ op: 'pub', ch: '/twin/x', data: 'hi', id: 'p' });
                  const [got, ok] = await Promise.all([next(a), next(b)]);
                  seen.push(got.op + ' ' + got.data, ok.op);
                  b.close(1000);
                  seen.push(await new Promise(ok => { b.onclose = e => ok(e.code); }));
                  a.send({ op: 'ping', id: 'still' });
                  seen.push((await next(a)).id);
                  const nowhere = new S.WebSocket('no/such/socket');
                  seen.push(await new Promise(ok => { nowhere.onclose = e => ok(e.code === 1006 || e.code === 4404 ? 'closed' : e.code); }));
                  a.close();
                  return seen;
                }
                const direct = await script(D);
                const multiplexed = await script(M);
                const twice = [new M.WebSocket('ws'), new M.WebSocket('ws')].map(s => s.topic);
                return { direct, multiplexed, twice, shared: M.connections().length, url: M.MUX_URL.href };""");
        assertThat(r.get("multiplexed")).isEqualTo(r.get("direct"));
        assertThat(r.get("direct")).isEqualTo(List.of("welcome", "welcome", true, "ok", "msg hi", "ok", 1000L, "still", "closed"));
        assertThat(r.get("twice")).isEqualTo(List.of("/ws", "/ws%232"));
        assertThat(r.get("shared")).isEqualTo(1L);
        assertThat(r.get("url")).isEqualTo(Deployments.ws(base, "mux").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "mux"})
    void theLoadPageShowsConnectionsRateAndLatency(String transport) {
        browser.get(base + "load.html");
        var count = browser.findElement(ByRole.roleNamedFrom("spinbutton", "Sockets"));
        count.clear();
        count.sendKeys("5");
        new org.openqa.selenium.support.ui.Select(browser.findElement(ByRole.roleNamedFrom("combobox", "Transport"))).selectByValue(transport);
        browser.findElement(ByRole.role("button", "Start")).click();
        var wait = new org.openqa.selenium.support.ui.WebDriverWait(browser, WAIT);
        wait.until(d -> d.findElement(ByRole.role("status", "Connected")).getText().equals("5 / 5"));
        wait.until(d -> Long.parseLong(d.findElement(ByRole.role("status", "Messages per second")).getText()) > 0);
        String latency = browser.findElement(ByRole.role("status", "Latency (p50 / p99 / max, ms)")).getText();
        assertThat(latency).matches("\\d+\\.\\d / \\d+\\.\\d / \\d+\\.\\d");
        browser.findElement(ByRole.role("button", "Stop")).click();
        browser.get("about:blank");
    }

    @Test
    void hubClientCallsRegistersAndWatches() {
        LibraryPage page = LibraryPage.open(browser, base);
        Map<String, Object> r = page.run("""
                const hub = new sb.HubClient({ client: 'lib-calls' }).open();
                await hub.register('/lib/echo/*', (data, invoke) => ({ echoed: data, ch: invoke.ch }));
                const answer = await hub.call('/lib/echo/one', 5);
                let failure = null;
                try { await hub.call('/lib/nobody', 1); } catch (e) { failure = e.code; }
                const docs = [];
                const w = hub.watch('/state/lib/doc', (doc, { rev }) => docs.push(JSON.stringify({ doc, rev })));
                await w.ready;
                await hub.patch('/state/lib/doc', { merge: { a: 1, b: { c: [1, 2] } } });
                await hub.patch('/state/lib/doc', { ops: [{ op: 'remove', path: '/b/c/0' }, { op: 'add', path: '/d', value: null }] });
                while (docs.length < 3) await new Promise(ok => setTimeout(ok, 20));
                const got = [];
                await hub.sub('/lib/t/**', (data, msg) => got.push([msg.ch, data])).ready;
                await hub.pub('/lib/t/x/y', 'one');
                await hub.pub('/lib/other', 'not for us');
                await hub.pub('/lib/t', 'two');
                while (got.length < 2) await new Promise(ok => setTimeout(ok, 20));
                hub.close();
                return { answer, failure, docs, got, state: hub.state };""");
        assertThat(r.get("answer")).isEqualTo(Map.of("echoed", 5L, "ch", "/lib/echo/one"));
        assertThat(r.get("failure")).isEqualTo("no_callee");
        assertThat(r.get("docs")).isEqualTo(List.of(
                "{\"doc\":{},\"rev\":0}",
                "{\"doc\":{\"a\":1,\"b\":{\"c\":[1,2]}},\"rev\":1}",
                "{\"doc\":{\"a\":1,\"b\":{\"c\":[2]},\"d\":null},\"rev\":2}"));
        assertThat(r.get("got")).isEqualTo(List.of(List.of("/lib/t/x/y", "one"), List.of("/lib/t", "two")));
        assertThat(r.get("state")).isEqualTo("closed");
    }

    @Test
    void hubClientReceivesOverSseAndSendsOverHttp() {
        LibraryPage page = LibraryPage.open(browser, base);
        Map<String, Object> r = page.run("""
                const hub = new sb.HubClient({ transport: 'sse' }).open();
                const got = [];
                await hub.sub('/sse-lib/**', (data, msg) => got.push([msg.ch, data])).ready;
                const { off } = await hub.pub('/sse-lib/a', 1);
                await hub.pub('/sse-lib/b/c', { two: 2 });
                await hub.pub('/elsewhere', 3);
                while (got.length < 2) await new Promise(ok => setTimeout(ok, 20));
                let refused = null;
                try { hub.register('/sse-lib/callee', () => 1); } catch (e) { refused = e.message; }
                let noCallee = null;
                try { await hub.call('/sse-lib/nobody', 1); } catch (e) { noCallee = e.code; }
                hub.close();
                return { got, off: typeof off, refused, noCallee };""");
        assertThat(r.get("got")).isEqualTo(List.of(List.of("/sse-lib/a", 1L), List.of("/sse-lib/b/c", Map.of("two", 2L))));
        assertThat(r.get("off")).isEqualTo("number");
        assertThat((String) r.get("refused")).contains("needs a socket");
        assertThat(r.get("noCallee")).isEqualTo("no_callee");
    }

    /**
     * A subscriber in the page loses its connection; messages published meanwhile wait in its
     * session, and what it publishes while offline waits in its queue. Once the proxy lets it
     * through again it resumes: every message exactly once, in order, and its queued sends reach
     * the hub.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ws", "mux"})
    void hubClientSurvivesADroppedConnectionWithoutLosingOrDoublingAMessage(String transport) throws Exception {
        try (FaultyProxy proxy = new FaultyProxy(base.getHost(), base.getPort());
             WsClient publisher = WsClient.connect(Deployments.ws(base, "ws"));
             WsClient listener = WsClient.connect(Deployments.ws(base, "ws"))) {
            String ch = "/resume/" + transport;
            listener.send("{'op':'hello','kind':'service'}").nextOp("welcome");
            listener.send("{'op':'sub','ch':'" + ch + "/out','id':'s'}").nextOp("ok");
            publisher.send("{'op':'hello','kind':'service'}").nextOp("welcome");
            LibraryPage page = LibraryPage.open(browser, new URL("http", "127.0.0.1", proxy.port(), base.getPath()));
            page.run("""
                    window.got = []; window.states = [];
                    window.hub = new sb.HubClient({ client: 'resume-%T', transport: '%T', backoff: { base: 100, max: 400 } });
                    hub.addEventListener('state', e => states.push(e.detail.state));
                    hub.open();
                    await hub.sub('%C/in', data => got.push(data)).ready;""".replace("%T", transport).replace("%C", ch));
            publish(publisher, ch + "/in", 1, 50);
            await("the first 50 arrive").atMost(WAIT).until(() -> page.<Long>eval("got.length") == 50);

            proxy.refuse(true);
            await("the page sees the drop").atMost(WAIT).until(() -> "waiting".equals(page.eval("hub.state")));
            publish(publisher, ch + "/in", 51, 100);
            page.run("for (let k = 1; k <= 5; k++) hub.pub('%C/out', { k }); return hub.queued;".replace("%C", ch));
            assertThat(page.<Long>eval("hub.queued")).as("sends queued while offline").isEqualTo(5L);

            proxy.refuse(false);
            await("all 100 arrive").atMost(WAIT).until(() -> page.<Long>eval("got.length") >= 100);
            assertThat(page.<List<Long>>eval("got")).isEqualTo(IntStream.rangeClosed(1, 100).mapToObj(Long::valueOf).toList());
            assertThat(page.<Boolean>eval("hub.welcome.resumed")).isTrue();
            List<Long> delivered = new ArrayList<>();
            for (int k = 1; k <= 5; k++) {
                delivered.add(listener.nextOp("msg").getJsonObject("data").getJsonNumber("k").longValue());
            }
            assertThat(delivered).containsExactly(1L, 2L, 3L, 4L, 5L);
            page.run("hub.drop(); while (hub.state !== 'open') await new Promise(ok => setTimeout(ok, 20));");
            publish(publisher, ch + "/in", 101, 110);
            await("messages after a second drop arrive").atMost(WAIT).until(() -> page.<Long>eval("got.length") >= 110);
            assertThat(page.<List<Long>>eval("got")).isEqualTo(IntStream.rangeClosed(1, 110).mapToObj(Long::valueOf).toList());
            page.run("hub.close();");
        }
    }

    /**
     * While the page is away its session ends (taken over, then {@code bye}). On reconnecting the
     * hub starts a new session; the client subscribes again with {@code since} the last offset it
     * saw, so what was published meanwhile is replayed from history, once.
     */
    @Test
    void hubClientWhoseSessionEndedResubscribesAndHasTheMissedMessagesReplayed() throws Exception {
        try (FaultyProxy proxy = new FaultyProxy(base.getHost(), base.getPort());
             WsClient publisher = WsClient.connect(Deployments.ws(base, "ws"))) {
            publisher.send("{'op':'hello','kind':'service'}").nextOp("welcome");
            LibraryPage page = LibraryPage.open(browser, new URL("http", "127.0.0.1", proxy.port(), base.getPath()));
            page.run("""
                    window.got = [];
                    window.hub = new sb.HubClient({ client: 'lost-session', backoff: { base: 100, max: 400 } });
                    hub.open();
                    await hub.sub('/lost/in', data => got.push(data)).ready;""");
            publish(publisher, "/lost/in", 1, 20);
            await("the first 20 arrive").atMost(WAIT).until(() -> page.<Long>eval("got.length") == 20);
            proxy.refuse(true);
            await("the page sees the drop").atMost(WAIT).until(() -> "waiting".equals(page.eval("hub.state")));
            try (WsClient thief = WsClient.connect(Deployments.ws(base, "ws"))) {
                thief.send("{'op':'hello','kind':'browser','client':'lost-session'}");
                assertThat(thief.nextOp("welcome").getBoolean("resumed")).isTrue();
                thief.send("{'op':'bye'}");
                assertThat(thief.awaitClose()).isEqualTo(1000);
            }
            publish(publisher, "/lost/in", 21, 40);
            proxy.refuse(false);
            await("the missed 20 are replayed").atMost(WAIT).until(() -> page.<Long>eval("got.length") >= 40);
            assertThat(page.<Boolean>eval("hub.welcome.resumed")).isFalse();
            assertThat(page.<List<Long>>eval("got")).isEqualTo(IntStream.rangeClosed(1, 40).mapToObj(Long::valueOf).toList());
            publish(publisher, "/lost/in", 41, 41);
            await("and live messages follow").atMost(WAIT).until(() -> page.<Long>eval("got.length") >= 41);
            assertThat(page.<Long>eval("got.length")).isEqualTo(41L);
            page.run("hub.close();");
        }
    }

    private static void publish(WsClient publisher, String ch, int from, int to) {
        for (int n = from; n <= to; n++) {
            publisher.send("{'op':'pub','ch':'" + ch + "','data':" + n + ",'id':'p" + ch + n + "'}");
        }
        for (int n = from; n <= to; n++) {
            JsonObject ok = publisher.nextOp("ok");
            assertThat(ok.getString("id")).startsWith("p");
        }
    }
}
