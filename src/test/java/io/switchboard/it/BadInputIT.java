package io.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad input and the HTTP checks (Host, Origin), on every transport: text the JSON reader refuses is
 * {@code bad_json} on /ws, /mux and TCP with the socket still serving, 400 over HTTP; a frame of
 * {@code hardFrame + 1} bytes closes with 1009 (413 over HTTP, from the length alone); a foreign
 * Host or Origin is 403, a body that is not JSON 415. The limits are small so that frames at them
 * are cheap: hardFrame 32 KiB, frame 16 KiB (room for a 5,000-deep array), JSON depth 32.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BadInputIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final int FRAME = 16384;
    private static final int HARD_FRAME = 32768;
    private static int tcpPort;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            tcpPort = s.getLocalPort();
        }
        return Deployments.hubWith("switchboard.tcp.port=" + tcpPort, "switchboard.limits.frame=" + FRAME,
                "switchboard.limits.hardFrame=" + HARD_FRAME, "switchboard.json.maxDepth=32");
    }

    /** Every kind of text the hub must refuse as bad_json, by what is wrong with it. */
    private static Map<String, String> unparseable() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("5,000-deep array", pub("[".repeat(5000) + "]".repeat(5000)));
        m.put("33-deep object", pub("{\"a\":".repeat(32) + "1" + "}".repeat(32)));
        m.put("1,000-digit number", pub("1" + "0".repeat(999)));
        m.put("huge exponent", pub("1e999999999"));
        m.put("truncated", "{\"op\":\"pub\",\"ch\":\"/bad/x\",\"data\":[1,2");
        m.put("text after the value", pub("1") + " {}");
        m.put("two values", "{\"op\":\"ping\"}{\"op\":\"ping\"}");
        m.put("single quotes", "{'op':'ping'}");
        m.put("trailing comma", "{\"op\":\"ping\",}");
        m.put("not JSON", "this is not json");
        m.put("whitespace only", "   ");
        m.put("lone surrogate escape not closed", "{\"op\":\"ping\",\"id\":\"\\u12\"}");
        return m;
    }

    private static String pub(String data) {
        return "{\"op\":\"pub\",\"ch\":\"/bad/x\",\"data\":" + data + "}";
    }

    private static String code(JsonObject error) {
        return error.getJsonObject("error").getString("code");
    }

    @Test
    void everyUnparseableFrameOnWsIsBadJsonAndTheSocketServesOn() {
        try (WsClient c = WsClient.connect(Deployments.ws(base, "ws"))) {
            c.send("{'op':'hello'}").nextOp("welcome");
            Map<String, String> cases = new LinkedHashMap<>(unparseable());
            cases.put("NUL outside a string", "{\"op\":\"ping\",\"id\":\u0000}");
            cases.put("empty frame", "");
            cases.forEach((what, text) -> {
                c.sendRaw(text);
                assertThat(code(c.nextOp("error"))).as(what).isEqualTo("bad_json");
                c.send("{'op':'ping','id':'after'}");
                assertThat(c.nextOp("pong").getString("id")).as("open after " + what).isEqualTo("after");
            });
            for (String shape : List.of("[1,2]", "\"ping\"", "{\"op\":\"pub\",\"ch\":5}")) {
                c.sendRaw(shape);
                assertThat(code(c.nextOp("error"))).as(shape).isEqualTo("bad_frame");
            }
            c.send("{'op':'ping','id':'last'}");
            assertThat(c.nextOp("pong").getString("id")).isEqualTo("last");
        }
    }

    @Test
    void everyUnparseableFrameOnAMuxTopicIsBadJsonAndTheTopicServesOn() {
        try (MuxClient mux = MuxClient.connect(Deployments.ws(base, "mux"), Map.of())) {
            mux.send("sub,/ws").send("msg,/ws,{\"op\":\"hello\"}");
            assertThat(mux.next("/ws")).contains("\"welcome\"");
            unparseable().forEach((what, text) -> {
                mux.send("msg,/ws," + text);
                assertThat(mux.next("/ws")).as(what).contains("\"bad_json\"");
                mux.send("msg,/ws,{\"op\":\"ping\",\"id\":\"after\"}");
                assertThat(mux.next("/ws")).as("open after " + what).contains("\"pong\"").contains("\"after\"");
            });
        }
    }

    @Test
    void everyUnparseableLineOnTcpIsBadJsonAndTheConnectionServesOn() throws IOException {
        try (LineClient device = LineClient.connect(base.getHost(), tcpPort)) {
            device.send("{'op':'hello'}").nextOp("welcome");
            Map<String, byte[]> cases = new LinkedHashMap<>();
            unparseable().forEach((what, text) -> cases.put(what, (text + "\n").getBytes(StandardCharsets.UTF_8)));
            cases.remove("whitespace only"); // a blank line is a TCP keep-alive, answered by nothing
            cases.put("invalid UTF-8", new byte[] {'{', '"', 'o', 'p', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'});
            cases.put("overlong UTF-8", new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"', '\n'});
            for (var c : cases.entrySet()) {
                device.sendBytes(c.getValue());
                assertThat(code(device.nextOp("error"))).as(c.getKey()).isEqualTo("bad_json");
                device.send("{'op':'ping','id':'after'}");
                assertThat(device.nextOp("pong").getString("id")).as("open after " + c.getKey()).isEqualTo("after");
            }
        }
    }

    @Test
    void everyUnparseableBodyOverHttpIs400() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("5,000-deep array", "[".repeat(5000) + "]".repeat(5000));
        cases.put("1,000-digit number", "1" + "0".repeat(999));
        cases.put("huge exponent", "1e999999999");
        cases.put("truncated", "{\"a\":[1,2");
        cases.put("text after the value", "1 2");
        cases.put("NUL", "{\"a\":\u0000}");
        cases.put("not JSON", "this is not json");
        for (var c : cases.entrySet()) {
            for (String path : List.of("api/publish/bad/http", "api/call/bad/http", "api/poll")) {
                HttpResponse<String> r = post(path, c.getValue());
                assertThat(r.statusCode()).as(c.getKey() + " on " + path).isEqualTo(400);
                assertThat(r.body()).as(c.getKey() + " on " + path).contains("bad_json");
            }
        }
        byte[] notUtf8 = {'"', (byte) 0xC3, (byte) 0x28, '"'};
        assertThat(raw("POST", "api/publish/bad/http", Map.of("Content-Type", "application/json"), notUtf8))
                .startsWith("HTTP/1.1 400");
        assertThat(post("api/publish/bad/http", "{\"still\":\"served\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void aFrameOfHardFramePlusOneBytesClosesWsWith1009() {
        try (WsClient c = WsClient.connect(Deployments.ws(base, "ws"))) {
            c.send("{'op':'hello'}").nextOp("welcome");
            c.sendRaw(frameOf(HARD_FRAME));
            assertThat(code(c.nextOp("error"))).as("at the hard limit: only too large").isEqualTo("too_large");
            c.send("{'op':'ping','id':'open'}");
            assertThat(c.nextOp("pong").getString("id")).isEqualTo("open");
            c.sendRaw(frameOf(HARD_FRAME + 1));
            assertThat(c.awaitClose()).isEqualTo(1009);
        }
    }

    @Test
    void aFrameOfHardFramePlusOneBytesClosesTreeAndChatSocketsWith1009() {
        for (String path : List.of("data/bad/tree", "chatrooms/bad/chat?name=big")) {
            try (WsClient c = WsClient.connect(Deployments.ws(base, path))) {
                c.sendRaw("x".repeat(HARD_FRAME - 2) + "€"); // HARD_FRAME + 1 bytes in fewer characters
                assertThat(c.awaitClose()).as(path).isEqualTo(1009);
            }
        }
    }

    @Test
    void aFrameOfHardFramePlusOneBytesOnAMuxTopicClosesItWith1009() {
        try (MuxClient mux = MuxClient.connect(Deployments.ws(base, "mux"), Map.of())) {
            mux.send("sub,/ws").send("msg,/ws,{\"op\":\"hello\"}");
            assertThat(mux.next("/ws")).contains("\"welcome\"");
            mux.send("msg,/ws," + frameOf(HARD_FRAME + 1));
            assertThat(mux.next("/ws")).startsWith("uns,/ws,1009");
            mux.send("sub,/ws").send("msg,/ws,{\"op\":\"ping\",\"id\":\"carrier-open\"}");
            String answer = mux.next("/ws");
            while (answer.contains("\"welcome\"")) {
                answer = mux.next("/ws");
            }
            assertThat(answer).as("the carrier serves on").contains("\"pong\"").contains("carrier-open");
        }
    }

    @Test
    void aLineOfHardFramePlusOneBytesOnTcpGetsTheCloseFrame() throws IOException {
        try (LineClient device = LineClient.connect(base.getHost(), tcpPort)) {
            device.send("{'op':'hello'}").nextOp("welcome");
            device.sendBytes((frameOf(HARD_FRAME + 1) + "\n").getBytes(StandardCharsets.UTF_8));
            assertThat(device.nextOp("close").getInt("code")).isEqualTo(1009);
            device.awaitEnd();
        }
    }

    @Test
    void anHttpBodyOfHardFramePlusOneBytesIs413BeforeItIsRead() throws Exception {
        String status = raw("POST", "api/publish/bad/big", Map.of("Content-Type", "application/json",
                "Content-Length", String.valueOf(HARD_FRAME + 1)), new byte[0]);
        assertThat(status).as("answered from the length, no body sent").startsWith("HTTP/1.1 413");
    }

    @Test
    void aForeignHostOrOriginIs403AndABodyThatIsNotJson415() throws Exception {
        Map<String, String> json = Map.of("Content-Type", "application/json");
        byte[] one = {'1'};
        assertThat(raw("POST", "api/publish/bad/h", Map.of("Host", "evil.example:8080", "Content-Type", "application/json"), one))
                .startsWith("HTTP/1.1 403");
        assertThat(raw("GET", "api/devices", Map.of("Host", "rebound.example"), new byte[0])).startsWith("HTTP/1.1 403");
        assertThat(raw("GET", "ws", Map.of("Host", "rebound.example", "Upgrade", "websocket", "Connection", "Upgrade",
                "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version", "13"), new byte[0]))
                .startsWith("HTTP/1.1 403");
        Map<String, String> evil = new LinkedHashMap<>(json);
        evil.put("Origin", "http://evil.example");
        assertThat(raw("POST", "api/publish/bad/h", evil, one)).startsWith("HTTP/1.1 403");
        assertThat(raw("POST", "api/poll", evil, "{}".getBytes(StandardCharsets.UTF_8))).startsWith("HTTP/1.1 403");
        assertThat(WsClient.handshakeStatus(Deployments.ws(base, "ws"), Map.of("Origin", "http://evil.example"))).isEqualTo(403);
        Map<String, String> own = new LinkedHashMap<>(json);
        own.put("Origin", "http://" + base.getHost() + ":" + base.getPort());
        assertThat(raw("POST", "api/publish/bad/h", own, one)).startsWith("HTTP/1.1 200");
        assertThat(raw("POST", "api/publish/bad/h", Map.of("Content-Type", "text/plain"), one)).startsWith("HTTP/1.1 415");
        assertThat(raw("POST", "api/publish/bad/h", Map.of(), one)).as("no type").startsWith("HTTP/1.1 415");
        assertThat(raw("POST", "api/call/bad/h", Map.of("Content-Type", "application/x-www-form-urlencoded"), one))
                .startsWith("HTTP/1.1 415");
    }

    /** A pub frame of exactly {@code bytes} bytes. */
    private static String frameOf(int bytes) {
        String head = "{\"op\":\"pub\",\"ch\":\"/bad/big\",\"data\":\"";
        String tail = "\"}";
        return head + "x".repeat(bytes - head.length() - tail.length()) + tail;
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(Deployments.http(base, path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * One request written by hand, for what the JDK client will not send (a Host of our choosing, a
     * length without its body); answers the status line.
     */
    private String raw(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder(method + " " + base.getPath() + path + " HTTP/1.1\r\n");
            Map<String, String> all = new LinkedHashMap<>();
            all.put("Host", base.getHost() + ":" + base.getPort());
            all.put("Connection", "close");
            if (!headers.containsKey("Content-Length") && (body.length > 0 || method.equals("POST"))) {
                all.put("Content-Length", String.valueOf(body.length));
            }
            all.putAll(headers);
            all.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return statusLine(s.getInputStream());
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.write(b);
        }
        return line.toString(StandardCharsets.ISO_8859_1).trim();
    }
}
