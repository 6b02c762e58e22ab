package io.switchboard.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.auth.Authenticator;
import io.switchboard.auth.Grants;
import io.switchboard.auth.Identity;
import io.switchboard.hub.Hub;
import io.switchboard.hub.Limits;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.routing.LocalBus;
import io.switchboard.routing.LocalMessageLog;
import io.switchboard.routing.Router;
import io.switchboard.sessions.LocalSessionStore;
import jakarta.json.spi.JsonProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The token check of sockets without a hello: who gets in, and that a socket lives no longer than its token. */
class AdmissionTest {
    private static final long NOW = 1_000_000L;
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
    private final Hub hub = hub();
    private final RecordingPeer peer = new RecordingPeer();

    private Hub hub() {
        timers.setRemoveOnCancelPolicy(true);
        Limits limits = Limits.defaults();
        Router router = new Router(new LocalMessageLog(limits.history(), limits.historyTtl(),
                limits.budgets().retainedTtl(), limits.budgets().historyBytes(), () -> NOW), new LocalBus());
        return new Hub(router, new LocalSessionStore(), timers, limits, new FrameCodec(JsonProvider.provider()), () -> NOW);
    }

    /** Tokens are "ann-<ms to live>"; anything else is not a token. */
    private void secure() {
        hub.secure(new Authenticator() {
            @Override
            public Identity verify(String token) {
                return token.startsWith("ann-") ? new Identity("ann", Set.of(), NOW + Long.parseLong(token.substring(4))) : null;
            }

            @Override
            public Grants grants() {
                return Grants.parse(Map.of());
            }
        });
    }

    private static SocketRequest request(String token) {
        return new SocketRequest("ws", "/chatrooms/a/chat", Map.of(), Map.of(), "test", "10.0.0.1", token);
    }

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    @Test
    void anOpenHubAdmitsEveryoneAsNobody() {
        Admission a = Admission.check(hub, request(null), peer);
        assertThat(a).isNotNull();
        assertThat(a.identity()).isNull();
        assertThat(peer.sent).isEmpty();
    }

    @Test
    void withUsersASocketWithoutAValidTokenIsToldWhyAndClosedWith1008() {
        secure();
        assertThat(Admission.check(hub, request(null), peer)).isNull();
        assertThat(peer.sent).singleElement().asString().contains("\"code\":\"unauthorized\"").contains("a token is required");
        assertThat(peer.closedWith).isEqualTo(1008);
        RecordingPeer other = new RecordingPeer();
        assertThat(Admission.check(hub, request("bob-1"), other)).isNull();
        assertThat(other.sent).singleElement().asString().contains("not valid or has expired");
        assertThat(other.closedWith).isEqualTo(1008);
    }

    @Test
    void anAdmittedSocketIsClosedWhenItsTokenExpires() {
        secure();
        Admission a = Admission.check(hub, request("ann-50"), peer);
        assertThat(a.identity().user()).isEqualTo("ann");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> peer.closedWith == 1008);
        assertThat(peer.sent).singleElement().asString().contains("\"code\":\"unauthorized\"").contains("the token has expired");
    }

    @Test
    void aSocketThatClosedIsNoLongerHeldByItsTokensTimer() {
        secure();
        Admission a = Admission.check(hub, request("ann-3600000"), peer);
        assertThat(timers.getQueue()).hasSize(1);
        a.closed();
        a.closed();
        assertThat(timers.getQueue()).as("the expiry task is gone, and with it the peer").isEmpty();
        assertThat(List.copyOf(peer.sent)).isEmpty();
        assertThat(peer.closedWith).isZero();
    }
}
