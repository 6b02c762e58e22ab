package io.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.client.Backoff;
import io.switchboard.client.HubClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Raw TCP lines (docs/tcp.md): a device over TCP with browsers over /ws, sessions shared
 * between both transports, and bad input. TCP is switched on through MicroProfile Config on a
 * port found free when the deployment is built. The heartbeat is 1 s so that silence (a half-open
 * socket) is noticed within two; the queue is 300 so that a device that stops reading becomes a
 * slow consumer quickly; the frame limits are small so that over-long lines are cheap to send.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TcpIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final int FRAME = 4096;
    private static final int HARD_FRAME = 16384;
    private static int tcpPort;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        tcpPort = freePort();
        return Deployments.hubWith("switchboard.tcp.port=" + tcpPort, "switchboard.heartbeat=1000", "switchboard.limits.sessionTtl=30000",
                "switchboard.limits.queue=300", "switchboard.limits.frame=" + FRAME,
                "switchboard.limits.hardFrame=" + HARD_FRAME);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private LineClient tcp() throws IOException {
        return LineClient.connect(base.getHost(), tcpPort);
    }

    private WsClient ws(String hello) {
        WsClient c = WsClient.connect(Deployments.ws(base, "ws"));
        c.send(hello);
        c.nextOp("welcome");
        return c;
    }

    @Test
    void aTcpDeviceEmitsToABrowserOnWsAndGetsItsInputs() throws Exception {
        // The counters are hub-wide: this test owns what they gain while it runs.
        long framesInBefore = metric("switchboard_tcp_frames_in");
        long bytesOutBefore = metric("switchboard_tcp_bytes_out");
        try (WsClient viewer = ws("{'op':'hello','name':'tcp-viewer','kind':'browser'}")) {
            viewer.send("{'op':'view','device':'tcp-thermo','id':'v'}");
            viewer.nextOp("ok");
            assertThat(viewer.nextOp("presence").getString("event")).isEqualTo("viewing");
            try (LineClient device = tcp()) {
                device.send("{'op':'hello','client':'tcp-thermo-1','name':'tcp-thermo'}");
                JsonObject welcome = device.nextOp("welcome");
                assertThat(welcome.getString("kind")).as("no User-Agent on TCP: a device").isEqualTo("device");
                assertThat(welcome.getJsonObject("limits").getInt("hardFrame")).isEqualTo(HARD_FRAME);
                assertThat(viewer.nextOp("presence").getString("event")).isEqualTo("connected");

                device.send("{'op':'emit','data':{'t':21.5},'id':'e1'}");
                assertThat(device.nextOp("ok").getString("id")).isEqualTo("e1");
                JsonObject emit = viewer.nextOp("emit");
                assertThat(emit.getString("device")).isEqualTo("tcp-thermo");
                assertThat(emit.getJsonObject("data").getJsonNumber("t").doubleValue()).isEqualTo(21.5);

                viewer.send("{'op':'input','device':'tcp-thermo','data':{'cmd':'reset'},'id':'i1'}");
                assertThat(viewer.nextOp("ok").getString("id")).isEqualTo("i1");
                JsonObject input = device.nextOp("input");
                assertThat(input.getString("from")).isEqualTo("tcp-viewer");
                assertThat(input.getJsonObject("data").getString("cmd")).isEqualTo("reset");

                device.send("{'op':'ping','id':7}");
                assertThat(device.nextOp("pong").getInt("id")).isEqualTo(7);
                assertThat(metric("switchboard_tcp_connections")).isGreaterThanOrEqualTo(1);
                assertThat(metric("switchboard_tcp_frames_in") - framesInBefore).isGreaterThanOrEqualTo(3);
                assertThat(metric("switchboard_tcp_bytes_out") - bytesOutBefore).isPositive();
                String ready = get("health/ready");
                assertThat(ready).contains("switchboard-tcp").doesNotContain("\"DOWN\"");
                assertThat(get("health/live")).contains("switchboard-tcp").doesNotContain("\"DOWN\"");

                device.send("{'op':'bye'}");
                assertThat(device.nextOp("close").getInt("code")).isEqualTo(1000);
                device.awaitEnd();
                assertThat(viewer.nextOp("presence").getString("event")).isEqualTo("disconnected");
            }
        }
    }

    @Test
    void aTcpSessionResumesAfterADroppedConnectionWithNothingLost() throws Exception {
        try (WsClient pub = ws("{'op':'hello'}")) {
            long acked;
            try (LineClient device = tcp()) {
                device.send("{'op':'hello','client':'tcp-resume-1'}");
                device.nextOp("welcome");
                device.send("{'op':'sub','ch':'/tcp/resume','id':'s'}");
                device.nextOp("ok");
                publish(pub, "/tcp/resume", 1, 5);
                acked = 0;
                for (int n = 1; n <= 5; n++) {
                    JsonObject m = device.nextOp("msg");
                    assertThat(m.getJsonObject("data").getInt("n")).isEqualTo(n);
                    if (n == 2) {
                        acked = m.getInt("seq");
                        device.send("{'op':'ack','seq':" + acked + "}");
                    }
                }
                device.abort();
            }
            publish(pub, "/tcp/resume", 6, 10);
            try (LineClient back = tcp()) {
                back.send("{'op':'hello','client':'tcp-resume-1','resume':{'seq':" + acked + "}}");
                assertThat(back.nextOp("welcome").getBoolean("resumed")).isTrue();
                assertThat(numbers(back, 8)).containsExactly(3, 4, 5, 6, 7, 8, 9, 10);
                back.send("{'op':'bye'}");
                back.awaitEnd();
            }
        }
    }

    @Test
    void aSessionBegunOnWsResumesOverTcpAndBackAgain() throws Exception {
        try (WsClient pub = ws("{'op':'hello'}")) {
            long acked;
            try (WsClient first = ws("{'op':'hello','client':'ws-then-tcp'}")) {
                first.send("{'op':'sub','ch':'/tcp/across','id':'s'}");
                first.nextOp("ok");
                publish(pub, "/tcp/across", 1, 3);
                acked = first.nextOp("msg").getInt("seq");
                first.send("{'op':'ack','seq':" + acked + "}");
                first.abort();
            }
            publish(pub, "/tcp/across", 4, 5);
            long last;
            try (LineClient overTcp = tcp()) {
                overTcp.send("{'op':'hello','client':'ws-then-tcp','resume':{'seq':" + acked + "}}");
                assertThat(overTcp.nextOp("welcome").getBoolean("resumed")).isTrue();
                List<JsonObject> msgs = msgs(overTcp, 4);
                assertThat(msgs).extracting(m -> m.getJsonObject("data").getInt("n")).containsExactly(2, 3, 4, 5);
                last = msgs.get(3).getInt("seq");
                overTcp.abort();
            }
            publish(pub, "/tcp/across", 6, 6);
            try (WsClient again = ws("{'op':'hello','client':'ws-then-tcp','resume':{'seq':" + last + "}}")) {
                JsonObject m = again.nextOp("msg");
                assertThat(m.getJsonObject("data").getInt("n")).isEqualTo(6);
                again.send("{'op':'bye'}");
            }
        }
    }

    @Test
    void badLinesGetTheErrorsTheSpecNames() throws Exception {
        long overlongBefore = metric("switchboard_tcp_lines_overlong");
        try (LineClient device = tcp()) {
            device.send("{'op':'hello'}");
            device.nextOp("welcome");
            device.sendRaw("this is not json\n");
            assertThat(code(device.nextOp("error"))).isEqualTo("bad_json");
            device.send("{'op':'frobnicate','id':'f'}");
            assertThat(code(device.nextOp("error"))).isEqualTo("unknown_op");
            device.sendRaw("{\"op\":\"pub\",\"ch\":\"/tcp/big\",\"data\":\"" + "x".repeat(FRAME) + "\"}\0");
            assertThat(code(device.nextOp("error"))).as("over the frame limit, under the hard one").isEqualTo("too_large");
            device.sendRaw("\r\n\n{\"op\":\"ping\",\"id\":\"still-open\"}\r\n");
            assertThat(device.nextOp("pong").getString("id")).isEqualTo("still-open");

            device.sendBytes(("{\"op\":\"pub\",\"ch\":\"/tcp/big\",\"data\":\"" + "y".repeat(HARD_FRAME))
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(code(device.nextOp("error"))).isEqualTo("too_large");
            JsonObject close = device.nextOp("close");
            assertThat(close.getInt("code")).isEqualTo(1009);
            device.awaitEnd();
        }
        assertThat(metric("switchboard_tcp_lines_overlong") - overlongBefore).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aHalfOpenSocketIsDroppedForSilenceAndTheSessionStaysResumable() throws Exception {
        try (WsClient viewer = ws("{'op':'hello','name':'half-viewer','kind':'browser'}");
             FaultyProxy proxy = new FaultyProxy(base.getHost(), tcpPort)) {
            viewer.send("{'op':'view','device':'half-dev','id':'v'}");
            viewer.nextOp("ok");
            assertThat(viewer.nextOp("presence").getString("event")).isEqualTo("viewing");
            long seq;
            try (LineClient device = LineClient.connect("127.0.0.1", proxy.port())) {
                device.send("{'op':'hello','client':'half-dev-1','name':'half-dev'}");
                device.nextOp("welcome");
                assertThat(viewer.nextOp("presence").getString("event")).isEqualTo("connected");
                viewer.send("{'op':'input','device':'half-dev','data':'first','id':'i1'}");
                assertThat(viewer.nextOp("ok").getString("id")).isEqualTo("i1");
                seq = device.nextOp("input").getInt("seq");
                device.send("{'op':'ack','seq':" + seq + "}");
                proxy.freeze();
                JsonObject gone = viewer.nextOp("presence");
                assertThat(gone.getString("event")).as("noticed by silence: no FIN ever came").isEqualTo("disconnected");
                viewer.send("{'op':'input','device':'half-dev','data':'while-away','id':'i2'}");
                assertThat(viewer.nextOp("ok").getString("id")).as("the session lives on").isEqualTo("i2");
            }
            try (LineClient back = tcp()) {
                back.send("{'op':'hello','client':'half-dev-1','name':'half-dev','resume':{'seq':" + seq + "}}");
                assertThat(back.nextOp("welcome").getBoolean("resumed")).isTrue();
                assertThat(back.nextOp("input").getString("data")).isEqualTo("while-away");
                assertThat(viewer.nextOp("presence").getString("event")).isEqualTo("connected");
                back.send("{'op':'bye'}");
            }
        }
    }

    @Test
    void aDeviceThatStopsReadingIsASlowConsumerAndBlocksNoOne() throws Exception {
        long slowBefore = metric("switchboard_slow_consumers");
        try (WsClient pub = ws("{'op':'hello'}");
             WsClient reader = ws("{'op':'hello'}");
             LineClient stalled = LineClient.notReading(base.getHost(), tcpPort)) {
            reader.send("{'op':'sub','ch':'/tcp/flood','id':'s'}");
            reader.nextOp("ok");
            stalled.send("{'op':'hello','client':'tcp-stalled'}");
            stalled.send("{'op':'sub','ch':'/tcp/flood','id':'s'}");
            String pad = "p".repeat(3000);
            int count = 1000;
            for (int n = 1; n <= count; n++) {
                pub.send("{'op':'pub','ch':'/tcp/flood','data':{'n':" + n + ",'pad':'" + pad + "'}}");
            }
            pub.send("{'op':'ping','id':'done'}");
            pub.nextOp("pong");
            List<Integer> got = numbers(reader, count);
            assertThat(got).hasSize(count).startsWith(1, 2).endsWith(count);

            // The close line goes after the write in flight; a device that cannot take it within a
            // heartbeat is dropped without it, so the stream ends either way.
            stalled.startReading();
            Integer closeCode = closeCodeOrEnd(stalled);
            assertThat(closeCode).as("a close line, if the hub could write it").isIn(null, 1013);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> metric("switchboard_slow_consumers") > slowBefore);
    }

    /** The code of the {@code close} line, or null if the stream ended without one (an abort may cut the last line short). */
    private static Integer closeCodeOrEnd(LineClient c) {
        while (true) {
            JsonObject f;
            try {
                f = c.next();
            } catch (AssertionError | jakarta.json.JsonException ended) {
                c.awaitEnd();
                return null;
            }
            if ("close".equals(f.getString("op"))) {
                c.awaitEnd();
                return f.getInt("code");
            }
        }
    }

    @Test
    void theJavaClientSpeaksTcpByItsUriAndResumesAfterADrop() throws Exception {
        URI overTcp = URI.create("tcp://" + base.getHost() + ":" + tcpPort);
        BlockingQueue<Integer> got = new LinkedBlockingQueue<>();
        CompletableFuture<Boolean> resumed = new CompletableFuture<>();
        try (HubClient device = HubClient.builder(overTcp).client("java-over-tcp").kind("device")
                     .backoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(200)))
                     .onReconnect(resumed::complete).build();
             HubClient pub = HubClient.builder(Deployments.ws(base, "ws")).build()) {
            device.connect().get(10, TimeUnit.SECONDS);
            pub.connect().get(10, TimeUnit.SECONDS);
            device.subscribe("/tcp/java", m -> got.add(m.data().asJsonObject().getInt("n"))).get(10, TimeUnit.SECONDS);
            for (int n = 1; n <= 3; n++) {
                pub.publish("/tcp/java", Json.createObjectBuilder().add("n", n).build()).get(10, TimeUnit.SECONDS);
            }
            device.dropConnection();
            for (int n = 4; n <= 6; n++) {
                pub.publish("/tcp/java", Json.createObjectBuilder().add("n", n).build()).get(10, TimeUnit.SECONDS);
            }
            assertThat(resumed.get(10, TimeUnit.SECONDS)).isTrue();
            List<Integer> all = new ArrayList<>();
            while (all.size() < 6) {
                Integer n = got.poll(10, TimeUnit.SECONDS);
                assertThat(n).as("message " + (all.size() + 1) + " within 10 s").isNotNull();
                all.add(n);
            }
            assertThat(all).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(device.publish("/tcp/java/back", Json.createValue("hi")).get(10, TimeUnit.SECONDS)).isPositive();
        }
    }

    private static void publish(WsClient pub, String ch, int from, int to) {
        for (int n = from; n <= to; n++) {
            pub.send("{'op':'pub','ch':'" + ch + "','data':{'n':" + n + "},'id':'p" + n + "'}");
            pub.nextOp("ok");
        }
    }

    private static List<JsonObject> msgs(LineClient c, int count) {
        List<JsonObject> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(c.nextOp("msg"));
        }
        return out;
    }

    private static List<Integer> numbers(LineClient c, int count) {
        return msgs(c, count).stream().map(m -> m.getJsonObject("data").getInt("n")).toList();
    }

    private static List<Integer> numbers(WsClient c, int count) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(c.nextOp("msg").getJsonObject("data").getInt("n"));
        }
        return out;
    }

    private static String code(JsonObject error) {
        return error.getJsonObject("error").getString("code");
    }

    private String get(String path) throws Exception {
        URI uri = URI.create(base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/" + path);
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private long metric(String name) throws Exception {
        return get("metrics").lines().filter(l -> l.startsWith(name + "{")).mapToLong(l -> (long) Double.parseDouble(
                l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElseThrow(() -> new AssertionError(name + " missing"));
    }
}
