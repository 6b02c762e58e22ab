package io.switchboard.hub;

import static io.switchboard.hub.HubFixture.errorCode;
import static io.switchboard.hub.HubFixture.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.switchboard.auth.Grants;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.security.JwtAuthenticator;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code history} op through a connection, and {@link Hub#history}'s checks (docs/protocol.md, History on demand). */
class HistoryFramesTest {
    private final HubFixture fx = new HubFixture();

    private void publish(String ch, int n) throws ProtocolException {
        for (int i = 0; i < n; i++) {
            fx.hub.publish(ch, Integer.toString(i), false, null, null);
        }
    }

    @Test
    void theAnswerIsAHistoryFrameWithTheIdAndNoSeq() throws ProtocolException {
        publish("/a", 5);
        HubFixture.Client c = fx.hello("{'op':'hello','client':'c1'}");
        c.send("{'op':'history','ch':'/a','id':'h1','limit':2,'reverse':true}");
        JsonObject page = c.takeOne();
        assertThat(op(page)).isEqualTo("history");
        assertThat(page.getString("id")).isEqualTo("h1");
        assertThat(page.containsKey("seq")).as("it answers this connection, as ok does").isFalse();
        assertThat(page.getString("ch")).isEqualTo("/a");
        assertThat(page.getString("epoch")).isEqualTo(fx.hub.epoch());
        assertThat(page.getJsonNumber("top").longValue()).isEqualTo(5);
        assertThat(page.getJsonArray("msgs").getValuesAs(JsonObject.class)).extracting(m -> m.getJsonNumber("off").longValue())
                .containsExactly(5L, 4L);
        assertThat(page.getJsonArray("msgs").getJsonObject(0).get("data")).isEqualTo(jakarta.json.Json.createValue(4));
        assertThat(page.getJsonArray("msgs").getJsonObject(0).getString("at")).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(page.getBoolean("more")).isTrue();
        assertThat(page.get("gap")).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{'op':'history','ch':'/a','id':'h','limit':0}        | bad_frame",
            "{'op':'history','ch':'/a','id':'h','limit':1001}     | bad_frame",
            "{'op':'history','ch':'/a','id':'h','limit':-3}       | bad_frame",
            "{'op':'history','ch':'/a','id':'h','since':'x'}      | bad_frame",
            "{'op':'history','ch':'/a','id':'h','reverse':1}      | bad_frame",
            "{'op':'history','ch':'/a/*','id':'h'}                | bad_channel",
            "{'op':'history','ch':'/a/**','id':'h'}               | bad_channel",
            "{'op':'history','ch':'/a b','id':'h'}                | bad_channel",
            "{'op':'history','ch':'/','id':'h'}                   | bad_channel",
            "{'op':'history','ch':'/clients/bob/x','id':'h'}      | forbidden",
            "{'op':'history','ch':'/clients/bob','id':'h'}        | forbidden",
    })
    void badRequestsGetTheUsualErrorWithTheirIdAndTheSocketServesOn(String frame, String code) {
        HubFixture.Client c = fx.hello("{'op':'hello','client':'c1','name':'ann'}");
        c.send(frame);
        JsonObject error = c.takeOne();
        assertThat(errorCode(error)).isEqualTo(code);
        assertThat(error.getString("id")).isEqualTo("h");
        assertThat(error.containsKey("seq")).isTrue();
        c.send("{'op':'ping','id':'p'}");
        assertThat(op(c.takeOne())).isEqualTo("pong");
    }

    @Test
    void aHistoryWithoutAnIdIsBadFrameWithoutOne() {
        HubFixture.Client c = fx.hello("{'op':'hello','client':'c1'}");
        c.send("{'op':'history','ch':'/a'}");
        JsonObject error = c.takeOne();
        assertThat(errorCode(error)).isEqualTo("bad_frame");
        assertThat(error.containsKey("id")).isFalse();
    }

    @Test
    void aSessionReadsItsOwnInboxButTheHttpApiReadsNoInbox() throws ProtocolException {
        publish("/clients/ann/notes", 3);
        HubFixture.Client ann = fx.hello("{'op':'hello','client':'c1','name':'ann'}");
        ann.send("{'op':'history','ch':'/clients/ann/notes','id':1}");
        JsonObject page = ann.takeOne();
        assertThat(op(page)).isEqualTo("history");
        assertThat(page.getJsonArray("msgs")).hasSize(3);
        ProtocolException http = catchThrowableOfType(ProtocolException.class,
                () -> fx.hub.history("/clients/ann/notes", null, null, false, null, null));
        assertThat(http.code()).isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void withAuthOnTheSubscribeGrantIsNeededOverASocketAndOverHttp() throws ProtocolException {
        JwtAuthenticator auth = new JwtAuthenticator("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8),
                Grants.parse(Map.of("reader", "subscribe:/public/**", "writer", "publish:/**")), 3_600_000, fx.clock::get);
        fx.hub.secure(auth);
        fx.hub.publish("/public/a", "1", false, null, null);
        fx.hub.publish("/private/a", "2", false, null, null);
        String reader = auth.issue("rita", Set.of("reader")).token();
        HubFixture.Client c = fx.hello("{'op':'hello','client':'r1','token':'" + reader + "'}");
        c.send("{'op':'history','ch':'/public/a','id':'ok'}");
        assertThat(c.takeOne().getJsonArray("msgs")).hasSize(1);
        c.send("{'op':'history','ch':'/private/a','id':'no'}");
        assertThat(errorCode(c.takeOne())).isEqualTo("forbidden");
        var writer = auth.verify(auth.issue("wes", Set.of("writer")).token());
        ProtocolException http = catchThrowableOfType(ProtocolException.class,
                () -> fx.hub.history("/public/a", null, null, false, writer, null));
        assertThat(http.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(fx.hub.history("/public/a", null, null, false, auth.verify(reader), null).msgs()).hasSize(1);
    }

    @Test
    void systemChannelsAreReadLikeTheyAreSubscribed() {
        HubFixture.Client device = fx.connect(HubFixture.DEVICE_AGENT);
        device.send("{'op':'hello','client':'d1','name':'thermo'}");
        device.take();
        HubFixture.Client c = fx.hello("{'op':'hello','client':'c1'}");
        c.send("{'op':'history','ch':'/$sys/presence','id':'h'}");
        JsonObject page = c.takeOne();
        assertThat(page.getJsonArray("msgs")).isNotEmpty();
        assertThat(page.getJsonArray("msgs").getJsonObject(0).get("data").getValueType()).isEqualTo(JsonValue.ValueType.OBJECT);
    }

    /** A socket that stopped reading: nothing is written, so what the hub queues for it stays queued. */
    private static final class StalledLink implements io.switchboard.sessions.Link {
        io.switchboard.sessions.Session session;

        @Override
        public void bind(io.switchboard.sessions.Session s) {
            session = s;
        }

        @Override
        public void wake() {
        }

        @Override
        public void ping() {
        }

        @Override
        public void close(int code, String reason) {
        }
    }

    @ParameterizedTest(name = "resumable {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void aClientThatAsksForPagesWithoutReadingThemIsRefusedPastItsQueueBudget(boolean resumable) throws ProtocolException {
        String big = "\"" + "x".repeat(60_000) + "\"";
        for (int i = 0; i < 20; i++) {
            fx.hub.publish("/big", big, false, null, null);
        }
        StalledLink link = new StalledLink();
        Connection c = fx.hub.connect(link, new Handshake("ws", HubFixture.BROWSER_AGENT, null));
        c.receive(HubFixture.q(resumable ? "{'op':'hello','client':'slow'}" : "{'op':'hello'}"));
        for (int i = 0; i < 20; i++) {
            c.receive(HubFixture.q("{'op':'history','ch':'/big','id':'h" + i + "','limit':1000}"));
        }
        long budget = fx.limits.budgets().queueBytes();
        assertThat(link.session.unwrittenChars()).as("what waits for the stalled socket").isLessThanOrEqualTo(budget + 2_000);
        assertThat(fx.hub.stats().overloadedBy(Budget.HISTORY)).isPositive();
        List<String> queued = new java.util.ArrayList<>();
        for (String f = link.session.nextToWrite(); f != null; f = link.session.nextToWrite()) {
            queued.add(f);
        }
        assertThat(queued).filteredOn(f -> f.startsWith("{\"op\":\"history\"")).hasSizeBetween(2, 5);
        assertThat(queued).filteredOn(f -> f.contains("\"overloaded\"")).isNotEmpty();
    }

    @Test
    void anAnswerStaysWithinTheHardFrameLimit() throws ProtocolException {
        String big = "\"" + "x".repeat(60_000) + "\"";
        for (int i = 0; i < 40; i++) {
            fx.hub.publish("/big", big, false, null, null);
        }
        HubFixture.Client c = fx.hello("{'op':'hello','client':'c1'}");
        c.send("{'op':'history','ch':'/big','id':'h','limit':1000}");
        JsonObject page = c.takeOne();
        assertThat(page.toString().length()).isLessThanOrEqualTo(fx.limits.hardFrame());
        assertThat(page.getJsonArray("msgs").size()).isBetween(10, 17);
        assertThat(page.getBoolean("more")).isTrue();
    }
}
