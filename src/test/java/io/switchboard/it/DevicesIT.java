package io.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Devices and browsers (section 7) on an open hub: kinds, view/emit/input, presence, /api/devices, Origin. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DevicesIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, String> BROWSER = Map.of("User-Agent", "Mozilla/5.0 (X11) test");

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hub();
    }

    private WsClient open(String hello, Map<String, String> headers) {
        WsClient c = WsClient.connect(Deployments.ws(base, "ws"), headers);
        c.send(hello);
        return c;
    }

    @Test
    void theKindComesFromHelloElseFromTheUserAgent() {
        try (WsClient b = open("{'op':'hello'}", BROWSER); WsClient d = open("{'op':'hello'}", Map.of());
             WsClient s = open("{'op':'hello','kind':'service'}", BROWSER)) {
            assertThat(b.nextOp("welcome").getString("kind")).isEqualTo("browser");
            assertThat(d.nextOp("welcome").getString("kind")).isEqualTo("device");
            assertThat(s.nextOp("welcome").getString("kind")).isEqualTo("service");
            s.send("{'op':'view','device':'x','id':'v'}");
            assertThat(s.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("forbidden");
            s.send("{'op':'emit','data':1,'id':'e'}");
            assertThat(s.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("forbidden");
            b.send("{'op':'emit','data':1,'id':'e'}");
            assertThat(b.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("forbidden");
            d.send("{'op':'view','device':'x','id':'v'}");
            assertThat(d.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("forbidden");
        }
    }

    @Test
    void viewersGetEmitsAndPresenceAndTheDeviceGetsInput() throws Exception {
        try (WsClient presence = open("{'op':'hello','kind':'service'}", Map.of())) {
            presence.nextOp("welcome");
            presence.send("{'op':'sub','ch':'/$sys/presence','id':'p'}");
            presence.nextOp("ok");
            try (WsClient viewer = open("{'op':'hello','name':'watcher-1'}", BROWSER)) {
                String viewerClient = viewer.nextOp("welcome").getString("client");
                viewer.send("{'op':'view','device':'thermo','id':'v'}");
                assertThat(viewer.nextOp("ok").getString("id")).isEqualTo("v");
                JsonObject viewing = viewer.nextOp("presence");
                assertThat(viewing.getString("event")).isEqualTo("viewing");
                assertThat(viewing.getString("client")).isEqualTo(viewerClient);
                assertThat(viewing.getInt("viewers")).isEqualTo(1);

                WsClient device = open("{'op':'hello','name':'thermo','client':'thermo-1'}", Map.of());
                device.nextOp("welcome");
                JsonObject connected = viewer.nextOp("presence");
                assertThat(connected.getString("event")).isEqualTo("connected");
                assertThat(connected.getString("device")).isEqualTo("thermo");
                assertThat(connected.getString("client")).isEqualTo("thermo-1");
                assertThat(presence.until(m -> "msg".equals(m.getString("op"))
                        && "connected".equals(m.getJsonObject("data").getString("event"))
                        && "thermo".equals(m.getJsonObject("data").getString("device")))).isNotEmpty();

                device.send("{'op':'emit','data':{'t':21.5},'id':'e1'}");
                assertThat(device.nextOp("ok").getString("id")).isEqualTo("e1");
                JsonObject emit = viewer.nextOp("emit");
                assertThat(emit.getString("device")).isEqualTo("thermo");
                assertThat(emit.getJsonObject("data").getJsonNumber("t").doubleValue()).isEqualTo(21.5);
                assertThat(emit.getInt("seq")).isPositive();

                viewer.send("{'op':'input','device':'thermo','data':{'cmd':'reset'},'id':'i1'}");
                assertThat(viewer.nextOp("ok").getString("id")).isEqualTo("i1");
                JsonObject input = device.nextOp("input");
                assertThat(input.getString("from")).isEqualTo("watcher-1");
                assertThat(input.getJsonObject("data").getString("cmd")).isEqualTo("reset");

                JsonArray devices = Json.createReader(new StringReader(get("api/devices").body())).readArray();
                JsonObject thermo = devices.getValuesAs(JsonObject.class).stream()
                        .filter(o -> o.getString("name").equals("thermo")).findFirst().orElseThrow();
                assertThat(thermo.getString("client")).isEqualTo("thermo-1");
                assertThat(thermo.getBoolean("connected")).isTrue();
                assertThat(thermo.getInt("viewers")).isEqualTo(1);
                assertThat(java.time.Instant.parse(thermo.getString("since"))).isNotNull();

                device.abort();
                JsonObject gone = viewer.nextOp("presence");
                assertThat(gone.getString("event")).isEqualTo("disconnected");
                viewer.send("{'op':'input','device':'thermo','data':'queued','id':'i2'}");
                assertThat(viewer.nextOp("ok").getString("id")).as("queued while the session lives").isEqualTo("i2");
                try (WsClient back = open("{'op':'hello','name':'thermo','client':'thermo-1','resume':{'seq':"
                        + input.getInt("seq") + "}}", Map.of())) {
                    assertThat(back.nextOp("welcome").getBoolean("resumed")).isTrue();
                    assertThat(back.nextOp("input").getString("data")).isEqualTo("queued");
                    assertThat(viewer.nextOp("presence").getString("event")).isEqualTo("connected");
                    back.send("{'op':'bye'}");
                    assertThat(viewer.nextOp("presence").getString("event")).isEqualTo("disconnected");
                }
                viewer.send("{'op':'input','device':'thermo','data':'late','id':'i3'}");
                assertThat(viewer.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("device_offline");
                viewer.send("{'op':'view','device':null,'id':'stop'}");
                assertThat(viewer.nextOp("ok").getString("id")).isEqualTo("stop");
                assertThat(presence.until(m -> "msg".equals(m.getString("op"))
                        && "left".equals(m.getJsonObject("data").getString("event"))
                        && viewerClient.equals(m.getJsonObject("data").getString("client")))).isNotEmpty();
            }
        }
    }

    @Test
    void aSecondLiveSessionClaimingANameIsRefusedWith1008() {
        try (WsClient first = open("{'op':'hello','name':'unique-cam'}", Map.of())) {
            first.nextOp("welcome");
            try (WsClient second = open("{'op':'hello','name':'unique-cam'}", Map.of())) {
                assertThat(second.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("name_taken");
                assertThat(second.awaitClose()).isEqualTo(1008);
            }
        }
    }

    @Test
    void aForeignOriginIsRefusedWhileOwnOriginAndNoOriginPass() {
        String own = base.getProtocol() + "://" + base.getHost() + ":" + base.getPort();
        try (WsClient none = open("{'op':'ping','id':1}", Map.of()); WsClient same = open("{'op':'ping','id':2}", Map.of("Origin", own))) {
            assertThat(none.nextOp("pong").getInt("id")).isEqualTo(1);
            assertThat(same.nextOp("pong").getInt("id")).isEqualTo(2);
        }
        try {
            WsClient.connect(Deployments.ws(base, "ws"), Map.of("Origin", "http://evil.example"));
            throw new AssertionError("a foreign Origin was let in");
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(403);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(Deployments.http(base, path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
