package io.switchboard.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.switchboard.browser.Calls.Answer;
import io.switchboard.channels.BadChannelException;
import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.examples.weather.WeatherStation;
import io.switchboard.it.Deployments;
import io.switchboard.it.FaultyProxy;
import io.switchboard.it.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The hub's pages and its browser library in headless Chromium against one open hub (the WAR as
 * built, no extra config): the library, chat.html, dashboard.html, /mux with the
 * websocket-multiplex client, and player.html. These share one deployment because they need the
 * same hub, so it boots once for all of them; each section uses channels, rooms, device and
 * player names and client ids of its own.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BrowserPagesIT extends OneBrowser {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hub();
    }

    // ---- The browser library (was BrowserLibraryIT) -----------------------------

    /*
     * The browser library (webapp/js/switchboard) in headless Chromium against the real hub:
     * RelativeWebSocket and JSONWebSocket against {@code /ws}, and the hub client over {@code /ws}
     * and over a {@code /mux} topic surviving a dropped connection with nothing lost or doubled.
     */
    private static final Duration LIBRARY_WAIT = Duration.ofSeconds(20);

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

    /** Pattern and channel pairs for the rule test: the system-channel cases (the rule a copy once lacked) first. */
    private static final List<List<String>> MATCH_CASES = List.of(
            List.of("/**", "/$sys/presence"), List.of("/*/presence", "/$sys/presence"), List.of("/*", "/$sys"),
            List.of("/**/presence", "/$sys/presence"), List.of("/$sys/presence", "/$sys/presence"),
            List.of("/$sys/*", "/$sys/presence"), List.of("/$sys/**", "/$sys"), List.of("/**", "/sys/presence"),
            List.of("/a/*", "/a/b"), List.of("/a/*", "/a"), List.of("/a/*", "/a/b/c"), List.of("/a/**", "/a"),
            List.of("/**/temp", "/x/y/temp"), List.of("/x/a*b", "/x/a*b"), List.of("/x/a*b", "/x/ab"),
            List.of("/x/**y", "/x/a/y"), List.of("a//b/", "/a/b"), List.of("/a/*/c/**", "/a/b/c"));
    private static final List<String> CHANNEL_CASES = List.of("/a//b/", "/$sys/x", "/$", "/a/$b", "/$$b", "/$*",
            "/a/*", "/a/**", "/a/b*", "/", "//", "/a b", "/é", "/" + "x".repeat(64), "/" + "x".repeat(65),
            "/s".repeat(16), "/s".repeat(17), ("/" + "y".repeat(63)).repeat(4), ("/" + "y".repeat(63)).repeat(4) + "/z");

    /** patterns.js says what the hub's ChannelPath and ChannelPattern say, the `$` rule included. */
    @Test
    void theLibrarysChannelRulesAreTheHubs() throws Exception {
        var cases = Json.createObjectBuilder()
                .add("match", Json.createArrayBuilder(MATCH_CASES.stream().map(c -> Json.createArrayBuilder(c).build()).toList()))
                .add("channels", Json.createArrayBuilder(CHANNEL_CASES)).build();
        LibraryPage page = LibraryPage.open(browser, base);
        Map<String, Object> r = page.run("""
                const cases = %CASES;
                return {
                  match: cases.match.map(([p, c]) => sb.matches(p, c)),
                  channels: cases.channels.map(c => [sb.isChannel(c), sb.isPattern(c)]),
                  canonical: sb.segments('sensors//kitchen/'),
                  names: ['tv', 'a-b_c.d~e:f@g', 'x'.repeat(64), 'x'.repeat(65), '', 'a/b', '*', '$sys', 'a b']
                            .map(n => sb.isValidName(n)),
                  input: new RegExp('^(?:' + sb.NAME_PATTERN + ')$', 'v').test('ann:1@home'),
                };""".replace("%CASES", cases.toString()));
        List<Boolean> onHub = new ArrayList<>();
        for (List<String> c : MATCH_CASES) {
            onHub.add(ChannelPattern.parse(c.get(0)).matches(ChannelPath.parse(c.get(1))));
        }
        assertThat(r.get("match")).as("matches(pattern, channel) for %s", MATCH_CASES).isEqualTo(onHub);
        // Spelled out as well: a wildcard in the first position never reaches a system channel; named, it does.
        assertThat(onHub.subList(0, 8)).containsExactly(false, false, false, false, true, true, true, true);
        List<List<Boolean>> parsed = new ArrayList<>();
        for (String c : CHANNEL_CASES) {
            parsed.add(List.of(parses(() -> ChannelPath.parse(c)), parses(() -> ChannelPattern.parse(c))));
        }
        assertThat(r.get("channels")).as("[isChannel, isPattern] for %s", CHANNEL_CASES).isEqualTo(parsed);
        assertThat(r.get("canonical")).isEqualTo(List.of("sensors", "kitchen"));
        assertThat(r.get("names")).isEqualTo(List.of(true, true, true, false, false, false, false, false, false));
        assertThat(r.get("input")).isEqualTo(true);
    }

    private interface Parse {
        Object run() throws BadChannelException;
    }

    private static boolean parses(Parse parse) {
        try {
            parse.run();
            return true;
        } catch (BadChannelException e) {
            return false;
        }
    }

    /**
     * The page's pagehide and pageshow: after close() the session is gone, and open() makes the
     * subscription and the registration again; the standing requests' confirmations are events.
     */
    @Test
    void hubClientClosedThenOpenedSubscribesAndRegistersAgain() {
        LibraryPage page = LibraryPage.open(browser, base);
        Map<String, Object> r = page.run("""
                const hub = new sb.HubClient({ client: 'lib-reopen' });
                const events = [];
                for (const type of ['subscribed', 'registered']) hub.addEventListener(type, e => events.push(type + ' ' + e.detail.ch));
                const got = [];
                hub.sub('/lib/reopen/*', data => got.push(data));
                hub.register('/lib/reopen-callee', data => data + 1);
                hub.open();
                while (events.length < 2) await new Promise(ok => setTimeout(ok, 20));
                await hub.pub('/lib/reopen/a', 1);
                while (got.length < 1) await new Promise(ok => setTimeout(ok, 20));
                hub.close();
                const first = hub.welcome.client;
                hub.open();
                while (events.length < 4) await new Promise(ok => setTimeout(ok, 20));
                await hub.pub('/lib/reopen/b', 2);
                while (got.length < 2) await new Promise(ok => setTimeout(ok, 20));
                const answer = await hub.call('/lib/reopen-callee', 41);
                const resumed = hub.welcome.resumed;
                hub.close();
                return { events: events.sort(), got, answer, resumed, same: first === hub.welcome.client };""");
        assertThat(r.get("events")).isEqualTo(List.of("registered /lib/reopen-callee", "registered /lib/reopen-callee",
                "subscribed /lib/reopen/*", "subscribed /lib/reopen/*"));
        assertThat(r.get("got")).isEqualTo(List.of(1L, 2L));
        assertThat(r.get("answer")).isEqualTo(42L);
        assertThat(r.get("resumed")).isEqualTo(false);
        assertThat(r.get("same")).isEqualTo(true);
    }

    /** history() over /ws and over SSE (GET /api/history): the same pages, paged back from the newest. */
    @Test
    @SuppressWarnings("unchecked")
    void hubClientPagesBackThroughHistoryOverEitherTransport() {
        LibraryPage page = LibraryPage.open(browser, base);
        Map<String, Object> r = page.run("""
                const ws = new sb.HubClient({ client: 'lib-history' }).open();
                const sse = new sb.HubClient({ transport: 'sse' }).open();
                const offs = [];
                for (let i = 0; i < 25; i++) offs.push((await ws.pub('/lib/history', { i })).off);
                const back = async hub => {
                  const pages = [];
                  let since;
                  do {
                    const p = await hub.history('/lib/history', { limit: 10, reverse: true, since });
                    pages.push(p);
                    since = p.msgs.at(-1)?.off;
                    if (!p.more) break;
                  } while (pages.length < 10);
                  return pages;
                };
                const overWs = await back(ws), overSse = await back(sse);
                let refused;
                try { ws.history('/lib/*'); } catch (e) { refused = e instanceof TypeError; }
                const forward = await ws.history('/lib/history', { since: offs[20] });
                ws.close();
                sse.close();
                return {
                  offs, sizes: overWs.map(p => p.msgs.length), ws: overWs.flatMap(p => p.msgs.map(m => m.off)),
                  same: JSON.stringify(overWs) === JSON.stringify(overSse), keys: Object.keys(overWs[0]).sort(),
                  first: overWs[0].msgs[0], refused, forward: forward.msgs.map(m => m.data.i),
                };""");
        List<Object> offs = new ArrayList<>((List<Object>) r.get("offs"));
        java.util.Collections.reverse(offs);
        assertThat(r.get("sizes")).isEqualTo(List.of(10L, 10L, 5L));
        assertThat(r.get("ws")).isEqualTo(offs);
        assertThat(r.get("same")).as("the socket and HTTP answer the same pages").isEqualTo(true);
        assertThat(r.get("keys")).isEqualTo(List.of("ch", "epoch", "more", "msgs", "top"));
        assertThat(((Map<String, Object>) r.get("first")).get("data")).isEqualTo(Map.of("i", 24L));
        assertThat(r.get("refused")).as("a pattern is refused before anything is sent").isEqualTo(true);
        assertThat(r.get("forward")).isEqualTo(List.of(21L, 22L, 23L, 24L));
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
        var wait = new org.openqa.selenium.support.ui.WebDriverWait(browser, LIBRARY_WAIT);
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
            await("the first 50 arrive").atMost(LIBRARY_WAIT).until(() -> page.<Long>eval("got.length") == 50);

            proxy.refuse(true);
            await("the page sees the drop").atMost(LIBRARY_WAIT).until(() -> "waiting".equals(page.eval("hub.state")));
            publish(publisher, ch + "/in", 51, 100);
            page.run("for (let k = 1; k <= 5; k++) hub.pub('%C/out', { k }); return hub.queued;".replace("%C", ch));
            assertThat(page.<Long>eval("hub.queued")).as("sends queued while offline").isEqualTo(5L);

            proxy.refuse(false);
            await("all 100 arrive").atMost(LIBRARY_WAIT).until(() -> page.<Long>eval("got.length") >= 100);
            assertThat(page.<List<Long>>eval("got")).isEqualTo(IntStream.rangeClosed(1, 100).mapToObj(Long::valueOf).toList());
            assertThat(page.<Boolean>eval("hub.welcome.resumed")).isTrue();
            List<Long> delivered = new ArrayList<>();
            for (int k = 1; k <= 5; k++) {
                delivered.add(listener.nextOp("msg").getJsonObject("data").getJsonNumber("k").longValue());
            }
            assertThat(delivered).containsExactly(1L, 2L, 3L, 4L, 5L);
            page.run("hub.drop(); while (hub.state !== 'open') await new Promise(ok => setTimeout(ok, 20));");
            publish(publisher, ch + "/in", 101, 110);
            await("messages after a second drop arrive").atMost(LIBRARY_WAIT).until(() -> page.<Long>eval("got.length") >= 110);
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
            await("the first 20 arrive").atMost(LIBRARY_WAIT).until(() -> page.<Long>eval("got.length") == 20);
            proxy.refuse(true);
            await("the page sees the drop").atMost(LIBRARY_WAIT).until(() -> "waiting".equals(page.eval("hub.state")));
            try (WsClient thief = WsClient.connect(Deployments.ws(base, "ws"))) {
                thief.send("{'op':'hello','kind':'browser','client':'lost-session'}");
                assertThat(thief.nextOp("welcome").getBoolean("resumed")).isTrue();
                thief.send("{'op':'bye'}");
                assertThat(thief.awaitClose()).isEqualTo(1000);
            }
            publish(publisher, "/lost/in", 21, 40);
            proxy.refuse(false);
            await("the missed 20 are replayed").atMost(LIBRARY_WAIT).until(() -> page.<Long>eval("got.length") >= 40);
            assertThat(page.<Boolean>eval("hub.welcome.resumed")).isFalse();
            assertThat(page.<List<Long>>eval("got")).isEqualTo(IntStream.rangeClosed(1, 40).mapToObj(Long::valueOf).toList());
            publish(publisher, "/lost/in", 41, 41);
            await("and live messages follow").atMost(LIBRARY_WAIT).until(() -> page.<Long>eval("got.length") >= 41);
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

    // ---- console.html ------------------------------------------------------------

    /** console.html speaks raw frames over the library's RelativeWebSocket: a sub, a pub, and the msg it gets. */
    @Test
    void theConsoleSubscribesPublishesAndShowsEveryFrame() {
        browser.get(base + "console.html");
        WebElement state = browser.findElement(By.cssSelector("[role=status]"));
        await("the console is welcomed").atMost(WAIT).until(() -> state.getText().startsWith("Connected as "));
        type(ByRole.roleNamedFrom("textbox", "Pattern"), "/console-it/**");
        browser.findElement(ByRole.role("button", "Subscribe")).click();
        type(ByRole.roleNamedFrom("textbox", "Channel"), "/console-it/a");
        type(ByRole.roleNamedFrom("textbox", "Data"), "{\"n\":1}");
        browser.findElement(ByRole.role("button", "Publish")).click();
        WebElement frames = browser.findElement(ByRole.role("list", "Frames"));
        await("the published message comes back as a msg").atMost(WAIT).until(() -> frames.findElements(By.tagName("li"))
                .stream().map(WebElement::getText)
                .anyMatch(t -> t.startsWith("← {\"op\":\"msg\"") && t.contains("\"ch\":\"/console-it/a\"")));
        assertThat(frames.getText()).contains("→ {\"op\":\"sub\",\"ch\":\"/console-it/**\"");
        browser.get("about:blank");
    }

    /** console.html pages back through a channel's history: Newest, then Older until nothing older is held. */
    @Test
    void theConsolePagesBackThroughAChannelsHistory() {
        try (WsClient publisher = WsClient.connect(Deployments.ws(base, "ws"))) {
            publisher.send("{'op':'hello','client':'console-history-pub'}");
            publisher.nextOp("welcome");
            publish(publisher, "/console-it/history", 1, 25);
        }
        browser.get(base + "console.html");
        WebElement state = browser.findElement(By.cssSelector("[role=status]"));
        await("the console is welcomed").atMost(WAIT).until(() -> state.getText().startsWith("Connected as "));
        type(ByRole.roleNamedFrom("textbox", "History of"), "/console-it/history");
        type(ByRole.roleNamedFrom("textbox", "Page size"), "10");
        browser.findElement(ByRole.role("button", "Newest")).click();
        WebElement history = browser.findElement(ByRole.role("list", "History"));
        WebElement older = browser.findElement(ByRole.role("button", "Older"));
        for (int shown : new int[] {10, 20, 25}) {
            await(shown + " messages shown").atMost(WAIT).until(() -> history.findElements(By.tagName("li")).size() == shown);
            if (shown < 25) {
                await("Older is enabled").atMost(WAIT).until(older::isEnabled);
                older.click();
            }
        }
        List<String> items = history.findElements(By.tagName("li")).stream().map(WebElement::getText).toList();
        assertThat(items.get(0)).endsWith(" 25");
        assertThat(items.get(24)).endsWith(" 1");
        WebElement historyState = browser.findElement(ByRole.role("status", "History status"));
        await("the end is said").atMost(WAIT).until(() -> historyState.getText().contains("nothing older is held"));
        assertThat(older.isEnabled()).isFalse();
        browser.get("about:blank");
    }

    private void type(By field, String text) {
        WebElement input = browser.findElement(field);
        input.clear();
        input.sendKeys(text);
    }

    // ---- chat.html (was ChatPageIT) ---------------------------------------------

    /*
     * chat.html in two headless Chromium browsers against the real hub: two people talking in one
     * room, the room list following rooms as they come and go, and the same page code with direct
     * sockets and with the multiplexed ones ({@code ?mux=1}), which use one connection.
     */
    private static ChromeDriver annsBrowser;
    private static ChromeDriver bobsBrowser;

    @BeforeAll
    static void startBrowsers() {
        annsBrowser = Chromium.start();
        bobsBrowser = Chromium.start();
        ChatPage.countSockets(annsBrowser);
        ChatPage.countSockets(bobsBrowser);
    }

    @AfterAll
    static void quitBrowsers() {
        for (ChromeDriver b : new ChromeDriver[] {annsBrowser, bobsBrowser}) {
            if (b != null) {
                b.quit();
            }
        }
    }

    @ParameterizedTest(name = "multiplexed={0}")
    @ValueSource(booleans = {false, true})
    void twoPeopleTalkInARoomAndTheRoomListFollowsRoomsLive(boolean mux) {
        String room = mux ? "mux-room" : "direct-room";
        String side = room + "-side";
        ChatPage ann = ChatPage.open(annsBrowser, base, "ann", room, mux);
        ChatPage bob = ChatPage.open(bobsBrowser, base, "bob", room, mux);

        ann.say("hello bob");
        bob.awaitMessages(List.of("ann: hello bob"));
        bob.say("hi ann");
        ann.awaitMessages(List.of("ann: hello bob", "bob: hi ann"));
        bob.awaitMessages(List.of("ann: hello bob", "bob: hi ann"));

        ann.awaitRooms(rooms -> rooms.contains(room) && !rooms.contains(side), "to list " + room + " only");
        bob.join(side);
        bob.awaitStatus("In " + side + " as bob");
        ann.awaitRooms(rooms -> rooms.contains(side), "to show " + side + " once bob is in it");
        bob.say("anyone here?");
        bob.awaitMessages(List.of("bob: anyone here?"));
        ann.awaitMessages(List.of("ann: hello bob", "bob: hi ann"));

        bobsBrowser.get(base + "chat.html?name=bob" + (mux ? "&mux=1" : "") + "#" + room);
        bob.awaitStatus("In " + room + " as bob");
        ann.awaitRooms(rooms -> !rooms.contains(side), "to drop " + side + " once nobody is in it");

        String mine = Deployments.ws(base, "").toString();
        if (mux) {
            assertThat(ann.sockets()).as("ann's page, multiplexed").containsExactly(mine + "mux");
        } else {
            assertThat(ann.sockets()).as("ann's page, direct").containsExactlyInAnyOrder(
                    mine + "chatrooms/" + room + "/chat?name=ann", mine + "chatrooms");
        }
        annsBrowser.get("about:blank");
        bobsBrowser.get("about:blank");
    }

    // ---- dashboard.html (was DashboardIT) ---------------------------------------

    /*
     * dashboard.html in headless Chromium against the real hub, with a device the test drives itself
     * ({@link BenchDevice}, a raw JDK WebSocket): the device is listed with its presence, its retained
     * view is rendered, its emits update the page, and the page's controls send it input frames.
     */
    private static final String DEVICE = "bench-weather";
    private static final String VIEW = """
            {'title':'Weather station','components':[
              {'type':'number','id':'temp','label':'Temperature','unit':'°C'},
              {'type':'gauge','id':'hum','label':'Humidity','min':0,'max':100,'unit':'%'},
              {'type':'chart','id':'temp','label':'Temperature (last 60)'},
              {'type':'button','id':'reset','label':'Reset'},
              {'type':'toggle','id':'fan','label':'Fan'},
              {'type':'text','id':'note','label':'Note'},
              {'type':'compass','id':'dir','label':'Wind'}]}""";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private BenchDevice device;

    /** Each dashboard test starts with the device connected; disconnectTheDevice ends it. */
    private void connectTheDevice() {
        device = BenchDevice.connect(Deployments.ws(base, "ws"), DEVICE);
        device.publishView(VIEW);
    }

    @AfterEach
    void disconnectTheDevice() {
        if (device != null) {
            device.bye();
        }
    }

    /** Opens the dashboard and the device's view, and waits until the hub counts the page as a viewer. */
    private DashboardPage openTheDevice() {
        DashboardPage page = DashboardPage.open(browser, base);
        page.device(DEVICE, true).click();
        page.find("heading", "Weather station (" + DEVICE + ")");
        await("the hub counts the page among " + DEVICE + "'s viewers").atMost(WAIT)
                .until(() -> viewers(DEVICE) >= 1);
        return page;
    }

    private int viewers(String name) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(Deployments.http(base, "api/devices")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonArray devices = Json.createReader(new StringReader(r.body())).readArray();
        return devices.stream().map(JsonValue::asJsonObject).filter(d -> name.equals(d.getString("name", "")))
                .mapToInt(d -> d.getInt("viewers", 0)).max().orElse(0);
    }

    @Test
    void theDeviceIsListedAsOnline() {
        connectTheDevice();
        DashboardPage page = DashboardPage.open(browser, base);
        WebElement entry = page.device(DEVICE, true);
        assertThat(entry.getAttribute("data-connected")).isEqualTo("true");
    }

    @Test
    void openingTheDeviceRendersItsComponents() {
        connectTheDevice();
        DashboardPage page = openTheDevice();
        page.awaitText(page.deviceStatus(), DEVICE + " is online");
        assertThat(page.find("status", "Temperature").getText()).isEqualTo("–");
        assertThat(page.find("meter", "Humidity").getAttribute("aria-valuemax")).isEqualTo("100");
        page.find("image", "Temperature (last 60)");
        assertThat(page.find("button", "Reset").isEnabled()).isTrue();
        assertThat(page.find("switch", "Fan").getAttribute("aria-checked")).isEqualTo("false");
        page.find("textbox", "Note");
        page.find("button", "Send Note");
        assertThat(page.find("note", "Unsupported component \"compass\" (dir)").isDisplayed()).isTrue();
        assertThat(page.device(DEVICE, true).getAttribute("aria-current")).isEqualTo("true");
    }

    @Test
    void anEmittedReadingUpdatesTheNumberTheGaugeAndTheChart() {
        connectTheDevice();
        DashboardPage page = openTheDevice();
        device.emit("{'temp':21.5,'hum':40}");
        page.awaitText(page.find("status", "Temperature"), "21.5 °C");
        WebElement humidity = page.find("meter", "Humidity");
        page.awaitAttribute(humidity, "aria-valuenow", "40");
        assertThat(humidity.getAttribute("aria-valuetext")).isEqualTo("40 %");
        WebElement chart = page.find("image", "Temperature (last 60)");
        page.awaitAttribute(chart, "data-points", "1");
        device.emit("{'temp':22}");
        page.awaitText(page.find("status", "Temperature"), "22 °C");
        page.awaitAttribute(chart, "data-points", "2");
        assertThat(humidity.getAttribute("aria-valuenow")).isEqualTo("40");
    }

    @Test
    void pressingResetSendsAnInputFrameToTheDevice() {
        connectTheDevice();
        DashboardPage page = openTheDevice();
        String client = page.client();
        page.find("button", "Reset").click();
        JsonObject input = device.awaitInput("reset", JsonValue.TRUE);
        assertThat(input.getString("from")).isEqualTo(client);
        assertThat(input.getJsonNumber("seq")).isNotNull();
        assertThat(input.getJsonObject("data")).isEqualTo(Json.createObjectBuilder()
                .add("id", "reset").add("value", true).build());
    }

    @Test
    void theToggleSendsTrueThenFalse() {
        connectTheDevice();
        DashboardPage page = openTheDevice();
        WebElement fan = page.find("switch", "Fan");
        fan.click();
        assertThat(device.awaitInput("fan", JsonValue.TRUE).getString("from")).isEqualTo(page.client());
        page.awaitAttribute(fan, "aria-checked", "true");
        fan.click();
        device.awaitInput("fan", JsonValue.FALSE);
        page.awaitAttribute(fan, "aria-checked", "false");
        // The device's own state, emitted under the toggle's id, is what the switch shows.
        device.emit("{'fan':true}");
        page.awaitAttribute(fan, "aria-checked", "true");
    }

    @Test
    void theTextFieldSendsItsText() {
        connectTheDevice();
        DashboardPage page = openTheDevice();
        page.find("textbox", "Note").sendKeys("window open");
        page.find("button", "Send Note").click();
        device.awaitInput("note", Json.createValue("window open"));
    }

    /** The README's demo end to end: the simulator on the Java client library, seen and driven from the page. */
    @Test
    void theWeatherStationSimulatorAppearsUpdatesLiveObeysResetAndGoesOffline() throws Exception {
        connectTheDevice();
        String name = "weather-it";
        DashboardPage page;
        try (WeatherStation station = new WeatherStation(Deployments.ws(base, "ws"), name, null)) {
            station.start().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            page = DashboardPage.open(browser, base);
            page.device(name, true).click();
            page.find("heading", "Weather station (" + name + ")");
            WebElement temperature = page.find("status", "Temperature");
            await("a reading from the simulator").atMost(WAIT)
                    .until(() -> temperature.getText().matches("-?\\d+(\\.\\d)? °C"));
            WebElement chart = page.find("image", "Temperature (last 60)");
            await("the chart grows with each reading").atMost(WAIT)
                    .until(() -> Integer.parseInt(chart.getAttribute("data-points")) >= 2);
            await("the hub counts the page as a viewer").atMost(WAIT).until(() -> viewers(name) >= 1);
            page.find("button", "Reset").click();
            await("the simulator obeyed reset").atMost(WAIT).until(() -> station.resets() == 1);
        }
        assertThat(page.device(name, false).getAttribute("data-connected")).isEqualTo("false");
    }

    @Test
    void theDeviceSayingByeShowsAsOffline() {
        connectTheDevice();
        DashboardPage page = openTheDevice();
        page.awaitText(page.deviceStatus(), DEVICE + " is online");
        device.bye();
        device = null;
        WebElement entry = page.device(DEVICE, false);
        assertThat(entry.getAttribute("data-connected")).isEqualTo("false");
        page.awaitText(page.deviceStatus(), DEVICE + " is offline. It went offline.");
    }

    // ---- /mux with websocket-multiplex (was MuxIT) ------------------------------

    /*
     * {@code /mux} driven by the real websocket-multiplex client (multiplex_client.js from the npm
     * package, fetched by the build into target/) in headless Chromium: two chat rooms and the hub's
     * {@code /ws} at once over one socket, each topic behaving as a direct socket to its path, while
     * Java clients sit in the rooms directly.
     */
    private static final Path CLIENT = Path.of("target/websocket-multiplex/package/multiplex_client.js");

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

    // ---- player.html (was PlayerPageIT) -----------------------------------------

    /*
     * player.html in headless Chromium against the real hub: it registers as the callee of
     * {@code /players/<name>/control}, and calls over HTTP and /ws drive what it shows. Each test
     * opens its own player name, so the tests do not depend on each other's order.
     */
    private Calls calls;

    @BeforeEach
    void callsToThisHub() {
        calls = new Calls(base);
    }

    private PlayerPage open(String name) {
        return PlayerPage.open(browser, base, name);
    }

    private Answer call(PlayerPage page, String json) {
        return calls.call(page.channel(), json);
    }

    private Answer ok(PlayerPage page, String json) {
        Answer a = call(page, json);
        assertThat(a.status()).as("%s answered %s", json, a).isEqualTo(200);
        return a;
    }

    @Test
    void thePageRegistersAsTheCalleeOfItsChannelAndStartsPlaying() {
        PlayerPage tv = open("tv");
        assertThat(tv.connection().getText()).isEqualTo("Registered as /players/tv/control");
        JsonObject status = ok(tv, "{'cmd':'status'}").data();
        assertThat(status.getString("state")).isEqualTo("playing");
        assertThat(status.getJsonNumber("duration").doubleValue()).isEqualTo(120.0);
        assertThat(status.getString("src")).isEqualTo("bars");
        tv.awaitPlayback("Playing bars");
        assertThat(tv.button("Pause").isEnabled()).isTrue();
    }

    @Test
    void pauseOverHttpAnswersPausedAndStopsThePicture() {
        PlayerPage tv = open("pausing");
        Answer paused = ok(tv, "{'cmd':'pause'}");
        assertThat(paused.data().getString("state")).isEqualTo("paused");
        double at = paused.position();
        assertThat(at).isBetween(0.0, 120.0);
        tv.awaitPlayback("Paused at");
        assertThat(tv.button("Play").isDisplayed()).isTrue();
        await("the canvas shows the paused position").atMost(WAIT)
                .until(tv::drawnPosition, p -> Math.abs(p - at) < 0.002);
        long picture = tv.canvasHash();
        await("the paused picture stands still").during(Duration.ofMillis(800)).atMost(WAIT)
                .until(() -> Math.abs(tv.drawnPosition() - at) < 0.002 && tv.canvasHash() == picture);
        assertThat(ok(tv, "{'cmd':'status'}").position()).isEqualTo(at);
    }

    @Test
    void playThenStatusReportsAGrowingPositionAndThePictureMoves() {
        PlayerPage tv = open("playing");
        ok(tv, "{'cmd':'pause'}");
        tv.awaitPlayback("Paused");
        Answer playing = ok(tv, "{'cmd':'play'}");
        assertThat(playing.data().getString("state")).isEqualTo("playing");
        tv.awaitPlayback("Playing bars");
        assertThat(tv.button("Pause").isDisplayed()).isTrue();
        Answer first = ok(tv, "{'cmd':'status'}");
        assertThat(first.data().getString("state")).isEqualTo("playing");
        assertThat(first.position()).isGreaterThanOrEqualTo(playing.position());
        await("status reports a growing position").atMost(WAIT)
                .until(() -> ok(tv, "{'cmd':'status'}").position() > first.position());
        long picture = tv.canvasHash();
        double drawn = tv.drawnPosition();
        await("the playing picture moves").atMost(WAIT)
                .until(() -> tv.drawnPosition() > drawn && tv.canvasHash() != picture);
    }

    @Test
    void seekMovesThePositionInTheAnswerAndOnThePage() {
        PlayerPage tv = open("seeking");
        ok(tv, "{'cmd':'pause'}");
        Answer sought = ok(tv, "{'cmd':'seek','to':30}");
        assertThat(sought.data().getString("state")).isEqualTo("paused");
        assertThat(sought.position()).isCloseTo(30.0, within(0.01));
        tv.awaitPlayback("Paused at 0:30 (bars)");
        await("the time shows 0:30").atMost(WAIT).until(tv::timeShown, "0:30 / 2:00"::equals);
        assertThat(tv.seekSlider().getDomProperty("value")).isEqualTo("30");
        assertThat(tv.drawnPosition()).isCloseTo(30.0, within(0.001));
        assertThat(tv.screenLabel()).isEqualTo("Animation bars at 0:30");

        ok(tv, "{'cmd':'play'}");
        Answer whilePlaying = ok(tv, "{'cmd':'seek','to':90.5}");
        assertThat(whilePlaying.data().getString("state")).isEqualTo("playing");
        assertThat(whilePlaying.position()).isBetween(90.5, 91.5);
        await("the canvas shows 90.5 s on").atMost(WAIT).until(tv::drawnPosition, p -> p >= 90.5);
    }

    @Test
    void aSeekOutsideTheMediaOrWithoutANumberIsACalleeError() {
        PlayerPage tv = open("badseek");
        for (String to : List.of("-1", "120.5", "'30'", "null")) {
            Answer bad = call(tv, "{'cmd':'seek','to':" + to + "}");
            assertThat(bad.status()).as("seek to %s: %s", to, bad).isEqualTo(502);
            assertThat(bad.errorCode()).isEqualTo("callee_error");
            assertThat(bad.errorMessage()).contains("seek needs \"to\"");
        }
        Answer missing = call(tv, "{'cmd':'seek'}");
        assertThat(missing.status()).isEqualTo(502);
        assertThat(missing.errorMessage()).contains("not nothing");
    }

    @Test
    void loadSwitchesTheAnimation() {
        PlayerPage tv = open("loading");
        Answer loaded = ok(tv, "{'cmd':'load','src':'orbit'}");
        assertThat(loaded.data().getString("src")).isEqualTo("orbit");
        assertThat(loaded.data().getString("state")).isEqualTo("playing");
        assertThat(loaded.position()).isLessThan(1.0);
        await("the canvas draws orbit").atMost(WAIT).until(tv::drawnSource, "orbit"::equals);
        assertThat(tv.source().getFirstSelectedOption().getText()).isEqualTo("orbit");
        assertThat(tv.screenLabel()).startsWith("Animation orbit at ");
        tv.awaitPlayback("Playing orbit");

        Answer unknown = call(tv, "{'cmd':'load','src':'cartoons'}");
        assertThat(unknown.status()).isEqualTo(502);
        assertThat(unknown.errorCode()).isEqualTo("callee_error");
        assertThat(unknown.errorMessage()).contains("bars, orbit, waves").contains("cartoons");
        assertThat(ok(tv, "{'cmd':'status'}").data().getString("src")).isEqualTo("orbit");
    }

    @Test
    void anUnknownCommandIsACalleeErrorAndChangesNothing() {
        PlayerPage tv = open("unknown");
        Answer rewind = call(tv, "{'cmd':'rewind'}");
        assertThat(rewind.status()).as(rewind.toString()).isEqualTo(502);
        assertThat(rewind.errorCode()).isEqualTo("callee_error");
        assertThat(rewind.errorMessage()).contains("unknown cmd \"rewind\"");
        Answer notACommand = call(tv, "'pause'");
        assertThat(notACommand.status()).isEqualTo(502);
        assertThat(notACommand.errorCode()).isEqualTo("callee_error");
        await("the Calls list shows the refused call").atMost(WAIT)
                .until(() -> tv.calls().getText().contains("unknown cmd \"rewind\""));
        assertThat(ok(tv, "{'cmd':'status'}").data().getString("state")).isEqualTo("playing");
    }

    @Test
    void theOnPageControlsDriveTheSamePlayer() {
        PlayerPage tv = open("local");
        tv.button("Pause").click();
        tv.awaitPlayback("Paused");
        assertThat(ok(tv, "{'cmd':'status'}").data().getString("state")).isEqualTo("paused");

        tv.seekSlider().sendKeys(Keys.END);
        await("End seeks to 120").atMost(WAIT).until(() -> ok(tv, "{'cmd':'status'}").position() == 120.0);
        tv.seekSlider().sendKeys(Keys.HOME, Keys.ARROW_RIGHT);
        await("Home then Right seeks to 1").atMost(WAIT).until(() -> ok(tv, "{'cmd':'status'}").position() == 1.0);
        assertThat(tv.timeShown()).isEqualTo("0:01 / 2:00");

        tv.source().selectByVisibleText("waves");
        await("the Source list loads waves").atMost(WAIT)
                .until(() -> ok(tv, "{'cmd':'status'}").data().getString("src").equals("waves"));

        tv.button("Play").click();
        tv.awaitPlayback("Playing waves");
        assertThat(ok(tv, "{'cmd':'status'}").data().getString("state")).isEqualTo("playing");
    }

    @Test
    void aCallOverTheWebSocketGetsTheStatusAsItsResult() {
        PlayerPage tv = open("ws");
        try (WsClient caller = WsClient.connect(Deployments.ws(base, "ws"))) {
            caller.send("{'op':'hello','kind':'service','name':'player-it-caller'}");
            assertThat(caller.next().getString("op")).isEqualTo("welcome");
            caller.send("{'op':'call','ch':'/players/ws/control','data':{'cmd':'status'},'id':'c1'}");
            JsonObject result = caller.nextOp("result");
            assertThat(result.getString("id")).isEqualTo("c1");
            assertThat(result.getInt("seq")).isPositive();
            JsonObject data = result.getJsonObject("data");
            assertThat(data.getString("state")).isEqualTo("playing");
            assertThat(data.getString("src")).isEqualTo("bars");
            assertThat(data.getJsonNumber("duration").doubleValue()).isEqualTo(120.0);

            caller.send("{'op':'call','ch':'/players/ws/control','data':{'cmd':'pause'},'id':'c2'}");
            JsonObject paused = caller.nextOp("result");
            assertThat(paused.getString("id")).isEqualTo("c2");
            assertThat(paused.getJsonObject("data").getString("state")).isEqualTo("paused");
            tv.awaitPlayback("Paused at");

            caller.send("{'op':'call','ch':'/players/ws/control','data':{'cmd':'eject'},'id':'c3'}");
            JsonObject error = caller.nextOp("error");
            assertThat(error.getString("id")).isEqualTo("c3");
            assertThat(error.getJsonObject("error").getString("code")).isEqualTo("callee_error");
            assertThat(error.getJsonObject("error").getString("message")).contains("unknown cmd \"eject\"");
        }
    }

    @Test
    void onceThePageIsClosedACallFindsNoCallee() {
        PlayerPage tv = open("closing");
        ok(tv, "{'cmd':'status'}");
        browser.get("about:blank");
        Answer gone = await("the call fails once the page is gone").atMost(WAIT)
                .until(() -> call(tv, "{'cmd':'status'}"), a -> a.status() != 200);
        assertThat(gone.status()).as(gone.toString()).isEqualTo(404);
        assertThat(gone.errorCode()).isEqualTo("no_callee");
    }

    @Test
    void aDroppedConnectionResumesTheSessionAndTheCallsComeThroughAgain() throws Exception {
        try (FaultyProxy proxy = new FaultyProxy(base.getHost(), base.getPort())) {
            PlayerPage tv = PlayerPage.open(browser, through(proxy), "cut");
            String client = tv.sessionClient();
            tv.recordConnectionHistory();
            proxy.cutAll();
            await("the page shows a drop, then registered again").atMost(WAIT)
                    .until(() -> reconnectedAfterADrop(tv.connectionHistory(), tv.channel()));
            assertThat(tv.sessionClient()).isEqualTo(client);
            assertThat(tv.sessionResumed()).isTrue();
            Answer paused = await("a call reaches the reconnected page").atMost(WAIT)
                    .until(() -> call(tv, "{'cmd':'pause'}"), a -> a.status() == 200);
            assertThat(paused.data().getString("state")).isEqualTo("paused");
            tv.awaitPlayback("Paused at");
            browser.get("about:blank");
        }
    }

    @Test
    void aPlayerWhoseSessionEndedWhileItWasAwayRegistersAgain() throws Exception {
        try (FaultyProxy proxy = new FaultyProxy(base.getHost(), base.getPort())) {
            PlayerPage tv = PlayerPage.open(browser, through(proxy), "forgotten");
            String client = tv.sessionClient();
            tv.recordConnectionHistory();
            proxy.refuse(true);
            // While the page cannot reach the hub, end its session: take it over, then say bye.
            try (WsClient thief = WsClient.connect(Deployments.ws(base, "ws"))) {
                thief.send("{'op':'hello','kind':'browser','client':'" + client + "','name':'player-forgotten'}");
                JsonObject welcome = thief.nextOp("welcome");
                assertThat(welcome.getBoolean("resumed")).as(welcome.toString()).isTrue();
                thief.send("{'op':'bye'}");
                assertThat(thief.awaitClose()).isEqualTo(1000);
            }
            Answer away = call(tv, "{'cmd':'status'}");
            assertThat(away.status()).as(away.toString()).isEqualTo(404);
            proxy.refuse(false);
            await("the page shows a drop, then registered again").atMost(WAIT)
                    .until(() -> reconnectedAfterADrop(tv.connectionHistory(), tv.channel()));
            assertThat(tv.sessionClient()).isEqualTo(client);
            assertThat(tv.sessionResumed()).isFalse();
            assertThat(ok(tv, "{'cmd':'status'}").data().getString("src")).isEqualTo("bars");
            browser.get("about:blank");
        }
    }

    private URL through(FaultyProxy proxy) throws Exception {
        return new URL("http", "127.0.0.1", proxy.port(), base.getPath());
    }

    private static boolean reconnectedAfterADrop(List<String> shown, String channel) {
        int drop = -1;
        for (int i = 0; i < shown.size(); i++) {
            if (shown.get(i).startsWith("Disconnected")) {
                drop = i;
            } else if (drop >= 0 && shown.get(i).equals("Registered as " + channel)) {
                return true;
            }
        }
        return false;
    }
}
