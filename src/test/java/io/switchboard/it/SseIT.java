package io.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.it.SseClient.Event;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GET /sse/<pattern> with real HTTP clients: framing, retained, resume, gaps, slow clients. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SseIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hubWith("switchboard.sse.heartbeat=300",
                "switchboard.sse.retry=1500",
                "switchboard.sse.queueBytes=524288",
                "switchboard.sse.queueEvents=2000",
                "switchboard.history=20",
                "switchboard.limits.rate=100000");
    }

    private SseClient sse(String pattern) {
        return SseClient.open(Deployments.http(base, "sse" + pattern));
    }

    private long publish(String ch, String json, boolean retain) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(Deployments.http(base, "api/publish" + ch
                + (retain ? "?retain=true" : ""))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body()).getJsonNumber("off").longValue();
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    /** The retry hint, then the id-only position of a new stream: returns that id. */
    private static String startOf(SseClient c) {
        for (Event e = c.next(); ; e = c.next()) {
            if (e.id() != null && e.data() == null) {
                return e.id();
            }
        }
    }

    private static int n(Event e) {
        return json(e.data()).getJsonObject("data").getInt("n");
    }

    @Test
    void aMessageIsAnEventWithTheEpochOffsetIdAndTheMsgFrame() throws Exception {
        try (SseClient c = sse("/sse1/*/temp")) {
            assertThat(c.response().headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            Event first = c.next();
            assertThat(first.retry()).isEqualTo(1500L);
            String position = startOf(c);
            String epoch = position.substring(0, position.lastIndexOf(':'));
            publish("/sse1/kitchen/hum", "{\"n\":0}", false);
            long off = publish("/sse1/kitchen/temp", "{\"n\":1,\"text\":\"two\\nlines\"}", false);
            Event e = c.nextEvent();
            assertThat(e.id()).isEqualTo(epoch + ":" + off);
            assertThat(e.event()).isEqualTo("msg");
            JsonObject msg = json(e.data());
            assertThat(msg.getString("op")).isEqualTo("msg");
            assertThat(msg.getString("ch")).isEqualTo("/sse1/kitchen/temp");
            assertThat(msg.getJsonNumber("off").longValue()).isEqualTo(off);
            assertThat(msg.getJsonObject("data").getString("text")).isEqualTo("two\nlines");
            assertThat(msg.containsKey("seq")).as("an event stream has no session seq").isFalse();
        }
    }

    @Test
    void aNewStreamGetsTheRetainedValuesFirst() throws Exception {
        long a = publish("/sse2/a", "{\"n\":1}", true);
        long b = publish("/sse2/b", "{\"n\":2}", true);
        publish("/sse2/a", "{\"n\":3}", false);
        try (SseClient c = sse("/sse2/*")) {
            Event first = c.nextEvent();
            Event second = c.nextEvent();
            assertThat(List.of(first.id(), second.id())).allMatch(id -> id.endsWith(":" + a) || id.endsWith(":" + b));
            assertThat(List.of(n(first), n(second))).containsExactly(1, 2);
            String position = startOf(c);
            long live = publish("/sse2/b", "{\"n\":4}", false);
            assertThat(Long.parseLong(position.substring(position.lastIndexOf(':') + 1))).isLessThan(live);
            assertThat(n(c.nextEvent())).isEqualTo(4);
        }
    }

    @Test
    void lastEventIdResumesWithNothingLostAndNothingTwiceAndTheHeaderWins() throws Exception {
        List<String> ids = new ArrayList<>();
        try (SseClient c = sse("/sse3/**")) {
            startOf(c);
            for (int i = 1; i <= 5; i++) {
                publish("/sse3/" + (i % 2 == 0 ? "even" : "odd/x"), "{\"n\":" + i + "}", false);
            }
            for (int i = 1; i <= 5; i++) {
                Event e = c.nextEvent();
                assertThat(n(e)).isEqualTo(i);
                ids.add(e.id());
            }
        }
        for (int i = 6; i <= 8; i++) {
            publish("/sse3/even", "{\"n\":" + i + "}", false);
        }
        URI uri = Deployments.http(base, "sse/sse3/**");
        try (SseClient header = SseClient.open(uri, Map.of("Last-Event-ID", ids.get(2)))) {
            assertThat(numbers(header, 5)).containsExactly(4, 5, 6, 7, 8);
            publish("/sse3/odd/y", "{\"n\":9}", false);
            assertThat(n(header.nextEvent())).isEqualTo(9);
        }
        URI query = URI.create(uri + "?lastEventId=" + ids.get(3));
        try (SseClient q = SseClient.open(query)) {
            assertThat(numbers(q, 5)).containsExactly(5, 6, 7, 8, 9);
        }
        URI both = URI.create(uri + "?lastEventId=" + ids.get(0));
        try (SseClient h = SseClient.open(both, Map.of("Last-Event-ID", ids.get(4)))) {
            assertThat(numbers(h, 4)).containsExactly(6, 7, 8, 9);
            publish("/sse3/even", "{\"n\":10}", false);
            assertThat(n(h.nextEvent())).as("live after the replay, no repeat").isEqualTo(10);
        }
    }

    private static List<Integer> numbers(SseClient c, int count) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Event e = c.nextEvent();
            assertThat(e.event()).isEqualTo("msg");
            out.add(n(e));
        }
        return out;
    }

    @Test
    void anUnknownEpochGetsAGapThenEverythingHeld() throws Exception {
        publish("/sse4/a", "{\"n\":1}", false);
        publish("/sse4/b", "{\"n\":2}", false);
        try (SseClient c = SseClient.open(Deployments.http(base, "sse/sse4/*"), Map.of("Last-Event-ID", "gone:42"))) {
            Event gap = c.nextEvent();
            assertThat(gap.event()).isEqualTo("gap");
            JsonObject g = json(gap.data());
            assertThat(g.getString("op")).isEqualTo("gap");
            String epoch = g.getString("epoch");
            assertThat(epoch).isNotEqualTo("gone");
            assertThat(gap.id()).isEqualTo(epoch + ":0");
            assertThat(numbers(c, 2)).containsExactly(1, 2);
        }
        try (SseClient c = SseClient.open(Deployments.http(base, "sse/sse4/*?lastEventId=not-an-id"))) {
            assertThat(c.nextEvent().event()).as("an id the hub never made is an unknown epoch").isEqualTo("gap");
        }
    }

    @Test
    void resumingPastWhatHistoryKeptGetsAChannelGapFirst() throws Exception {
        String first = null;
        try (SseClient c = sse("/sse5/lossy")) {
            startOf(c);
            publish("/sse5/lossy", "{\"n\":0}", false);
            first = c.nextEvent().id();
        }
        long lastOff = 0;
        for (int i = 1; i <= 25; i++) {
            lastOff = publish("/sse5/lossy", "{\"n\":" + i + "}", false);
        }
        try (SseClient c = SseClient.open(Deployments.http(base, "sse/sse5/lossy"), Map.of("Last-Event-ID", first))) {
            Event gap = c.nextEvent();
            assertThat(gap.event()).isEqualTo("gap");
            JsonObject g = json(gap.data());
            assertThat(g.getString("ch")).isEqualTo("/sse5/lossy");
            long since = Long.parseLong(first.substring(first.lastIndexOf(':') + 1));
            assertThat(g.getJsonNumber("from").longValue()).isEqualTo(since + 1);
            List<Integer> held = numbers(c, 20);
            assertThat(held).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(6, 25).boxed().toList());
            assertThat(g.getJsonNumber("to").longValue()).isLessThan(lastOff);
        }
    }

    @Test
    void quietStreamsGetHeartbeatComments() {
        try (SseClient c = sse("/sse6/quiet")) {
            startOf(c);
            Event e = c.next();
            assertThat(e.comment()).isEqualTo("hb");
        }
    }

    @Test
    void aBadPatternIs400BadChannel() throws Exception {
        for (String path : List.of("sse/bad%20chan", "sse/", "sse/$/x", "sse/a/" + "x".repeat(65))) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(Deployments.http(base, path))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(json(r.body()).getJsonObject("error").getString("code")).as(path).isEqualTo("bad_channel");
        }
    }

    /**
     * A client that stops reading (a raw socket with a small receive buffer) must not hold up
     * another: the second gets every event while the first is stalled, and the stalled stream is
     * closed for passing its bound and counted.
     */
    @Test
    void aStalledClientNeverDelaysAnotherAndIsClosed() throws Exception {
        long slowBefore = metric("switchboard_sse_streams_slow");
        long sentBefore = metric("switchboard_sse_events_sent");
        String payload = "x".repeat(2000);
        try (Socket stalled = stalledStream("/sse7/**"); SseClient fast = sse("/sse7/**");
             WsClient pub = WsClient.connect(Deployments.ws(base, "ws"))) {
            startOf(fast);
            long started = System.nanoTime();
            int published = 0;
            int received = 0;
            while (metric("switchboard_sse_streams_slow") == slowBefore && published < 40_000) {
                for (int i = 0; i < 50; i++, published++) {
                    pub.send("{'op':'pub','ch':'/sse7/load','data':{'n':" + published + ",'pad':'" + payload + "'}}");
                }
                for (; received < published; received++) {
                    assertThat(n(fast.nextEvent())).isEqualTo(received);
                }
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("SseIT: the reading client got %d events of 2 KB in %d ms while the other was stalled%n",
                    received, millis);
            assertThat(metric("switchboard_sse_streams_slow")).as("the stalled stream was closed as slow")
                    .isGreaterThan(slowBefore);
            assertThat(received).isEqualTo(published);
            assertThat(metric("switchboard_sse_events_sent") - sentBefore).isGreaterThanOrEqualTo(received);
        }
    }

    /** Opens /sse on a raw socket, reads until the stream's position (so it is subscribed), then never reads again. */
    private Socket stalledStream(String pattern) throws Exception {
        Socket s = new Socket();
        s.setReceiveBufferSize(1024);
        s.connect(new InetSocketAddress(base.getHost(), base.getPort()));
        OutputStream out = s.getOutputStream();
        out.write(("GET " + base.getPath() + "sse" + pattern + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        s.setSoTimeout(15_000);
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.UTF_8).matches("(?s).*\nid: [^\n]+\n\n.*")) {
            int b = in.read();
            assertThat(b).as("the stream ended before its position: %s", head).isNotNegative();
            head.write(b);
        }
        assertThat(head.toString(StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200");
        return s;
    }

    @Test
    void streamsAreInTheMetrics() throws Exception {
        // The gauge is hub-wide: wait until the streams of earlier tests are gone, so that what it
        // shows next is this test's one stream.
        await().atMost(Duration.ofSeconds(60)).until(() -> metric("switchboard_sse_streams") == 0);
        try (SseClient c = sse("/sse8/x")) {
            startOf(c);
            assertThat(metric("switchboard_sse_streams")).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> metric("switchboard_sse_streams") == 0);
    }

    private long metric(String name) throws Exception {
        URI uri = URI.create(base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/metrics");
        String body = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(name + "{")).mapToLong(l -> (long) Double.parseDouble(
                l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElseThrow(() -> new AssertionError(name + " missing"));
    }
}
