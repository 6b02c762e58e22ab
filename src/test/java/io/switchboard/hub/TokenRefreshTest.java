package io.switchboard.hub;

import static io.switchboard.hub.HubFixture.errorCode;
import static io.switchboard.hub.HubFixture.op;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.auth.Grants;
import io.switchboard.security.JwtAuthenticator;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A session's token: warned of before it expires, replaced by refresh without reconnecting. */
class TokenRefreshTest {
    private static final long TTL = 90_000;
    private final HubFixture fx = new HubFixture();
    private final JwtAuthenticator auth = new JwtAuthenticator("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8),
            Grants.parse(Map.of()), TTL, fx.clock::get);

    /** Time passes with the client alive (a ping each step), then the hub's tick runs; what it sent back. */
    private List<JsonObject> after(HubFixture.Client c, long millis) {
        fx.advance(millis);
        c.send("{'op':'ping'}");
        fx.hub.tick();
        return c.take().stream().filter(f -> !"pong".equals(op(f))).toList();
    }

    private HubFixture.Client helloAs(String user) {
        fx.hub.secure(auth);
        HubFixture.Client c = fx.connect();
        c.send("{'op':'hello','client':'" + user + "-1','token':'" + auth.issue(user, Set.of("default")).token() + "'}");
        assertThat(op(c.takeOne())).isEqualTo("welcome");
        return c;
    }

    @Test
    void aSessionHearsExpiringOnceAMinuteBeforeItsTokenEnds() {
        HubFixture.Client c = helloAs("ann");
        assertThat(after(c, 20_000)).isEmpty();
        List<JsonObject> warned = after(c, 15_000); // 55 s left, or a little less: exp has whole seconds
        assertThat(warned).extracting(HubFixture::op).containsExactly("expiring");
        assertThat(warned.get(0).getJsonNumber("in").longValue()).isBetween(54_000L, 60_000L);
        assertThat(after(c, 10_000)).as("once per token").isEmpty();
        List<JsonObject> ended = after(c, 50_000);
        assertThat(errorCode(ended.get(0))).isEqualTo("unauthorized");
        assertThat(c.closeCodes()).containsExactly(1008);
    }

    @Test
    void aRefreshedSessionOutlivesItsFirstTokenAndKeepsItsMessages() throws Exception {
        HubFixture.Client c = helloAs("ann");
        c.send("{'op':'sub','ch':'/news','id':'s'}");
        assertThat(op(c.takeOne())).isEqualTo("ok");
        after(c, 40_000);
        String next = auth.issue("ann", Set.of("default")).token(); // issued now: 40 s after the first
        c.send("{'op':'refresh','token':'" + next + "','id':'r'}");
        JsonObject ok = c.takeOne();
        assertThat(op(ok)).isEqualTo("ok");
        assertThat(ok.getString("id")).isEqualTo("r");
        assertThat(ok.getJsonNumber("expires").longValue()).isEqualTo(auth.verify(next).expiresAt());
        List<JsonObject> later = after(c, 55_000); // 95 s: the first token is past, the second has 35 s
        assertThat(c.closeCodes()).as("the first token's end does not end the session").isEmpty();
        assertThat(later).extracting(HubFixture::op).as("the new token is warned of in turn").containsExactly("expiring");
        assertThat(later.get(0).getJsonNumber("in").longValue()).isBetween(34_000L, 35_000L);
        fx.hub.publish("/news", "1", false, null, null);
        assertThat(c.take()).extracting(HubFixture::op).containsExactly("msg");
    }

    @Test
    void aTokenOfAnotherUserOrNoValidTokenIsRefusedAndTheSessionGoesOn() {
        HubFixture.Client c = helloAs("ann");
        c.send("{'op':'refresh','token':'" + auth.issue("bob", Set.of()).token() + "','id':'r1'}");
        assertThat(errorCode(c.takeOne())).isEqualTo("forbidden");
        c.send("{'op':'refresh','token':'not-a-token','id':'r2'}");
        assertThat(errorCode(c.takeOne())).isEqualTo("unauthorized");
        c.send("{'op':'refresh','id':'r3'}");
        assertThat(errorCode(c.takeOne())).isEqualTo("bad_frame");
        c.send("{'op':'ping','id':'p'}");
        assertThat(op(c.takeOne())).isEqualTo("pong");
        assertThat(c.closeCodes()).isEmpty();
    }

    @Test
    void anOpenHubHasNoTokenToRefresh() {
        HubFixture.Client c = fx.hello("{'op':'hello'}");
        c.send("{'op':'refresh','token':'x','id':'r'}");
        assertThat(errorCode(c.takeOne())).isEqualTo("bad_frame");
    }
}
