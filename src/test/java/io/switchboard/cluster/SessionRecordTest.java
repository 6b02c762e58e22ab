package io.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.auth.Identity;
import io.switchboard.routing.LocalBus;
import io.switchboard.routing.LocalMessageLog;
import io.switchboard.routing.Router;
import io.switchboard.sessions.Kind;
import io.switchboard.sessions.Session;
import io.switchboard.sessions.SessionListener;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The identity a session was opened with travels in its cluster record: a session belongs to the user that opened it. */
class SessionRecordTest {
    private static final Router ROUTER = new Router(new LocalMessageLog(10, 60_000, System::currentTimeMillis), new LocalBus());

    private static Session opened(Identity who) {
        Session s = new Session(ROUTER, "c1", "sid", "cam", Kind.DEVICE, true, 10, SessionListener.NONE);
        s.identify(who);
        return s;
    }

    @Test
    void theRecordOfASessionKeepsItsUserAndRolesThroughJson() {
        SessionRecord r = SessionRecord.parse(SessionRecord.opened("node-a", opened(
                new Identity("alice", Set.of("ops", "cams"), 1_000))).toJson());
        assertThat(r.user()).isEqualTo("alice");
        assertThat(r.roles()).containsExactlyInAnyOrder("ops", "cams");
        assertThat(r.owner()).isEqualTo("node-a");
        assertThat(r.name()).isEqualTo("cam");
    }

    @Test
    void aNodeTakingTheSessionUpGetsItsIdentityBack() {
        SessionRecord r = SessionRecord.parse(SessionRecord.opened("node-a",
                opened(new Identity("alice", Set.of("ops"), 1_000))).withOwner("node-b").toJson());
        assertThat(r.identity().user()).isEqualTo("alice");
        assertThat(r.identity().roles()).containsExactly("ops");
    }

    @Test
    void aSessionOfAnOpenHubHasNoUser() {
        SessionRecord r = SessionRecord.parse(SessionRecord.opened("node-a", opened(null)).toJson());
        assertThat(r.user()).isNull();
        assertThat(r.identity()).isNull();
    }
}
