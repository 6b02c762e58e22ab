package io.switchboard.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.routing.LocalBus;
import io.switchboard.routing.LocalMessageLog;
import io.switchboard.routing.Router;
import io.switchboard.sessions.Kind;
import io.switchboard.sessions.Session;
import io.switchboard.sessions.SessionListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** limits.callsPerSession and limits.calls: every way a call ends gives its place back. */
class PendingCallsBudgetTest {
    private static final Router ROUTER = new Router(new LocalMessageLog(10, 60_000, System::currentTimeMillis), new LocalBus());
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final Session callee = new Session(ROUTER, "callee", "s", null, Kind.DEVICE, true, 100, SessionListener.NONE);

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    /** A caller owned by {@code owner}, recording its one outcome. */
    private static final class Recording implements Caller {
        private final Object owner;
        private final List<String> outcomes = new ArrayList<>();

        Recording(Object owner) {
            this.owner = owner;
        }

        @Override
        public synchronized void result(String dataJson) {
            outcomes.add("result " + dataJson);
        }

        @Override
        public synchronized void failed(ErrorCode code, String message) {
            outcomes.add(code.wire());
        }

        @Override
        public Object owner() {
            return owner;
        }

        synchronized List<String> outcomes() {
            return List.copyOf(outcomes);
        }
    }

    @ParameterizedTest(name = "{0} per owner, {1} in all, {2} owners")
    @CsvSource({"2, 100, 3", "5, 7, 3", "1, 1, 2", "3, 9, 3"})
    void startsAreRefusedExactlyPastEitherBound(int perOwner, int max, int owners) {
        PendingCalls calls = new PendingCalls(timers, "i-", perOwner, max);
        int started = 0;
        for (int o = 0; o < owners; o++) {
            Object owner = "owner-" + o;
            for (int i = 0; i < perOwner + 2; i++) {
                if (calls.start(new Recording(owner), callee, "/svc", 600_000) != null) {
                    started++;
                }
            }
            assertThat(calls.pendingOf(owner)).isLessThanOrEqualTo(perOwner);
        }
        assertThat(started).isEqualTo(Math.min(max, perOwner * owners));
        assertThat(calls.size()).isEqualTo(started);
    }

    @Test
    void anAnswerATimeoutAndTheCalleesEndEachGiveThePlaceBack() {
        PendingCalls calls = new PendingCalls(timers, "i-", 2, 10);
        Object owner = new Object();
        Recording answered = new Recording(owner);
        String first = calls.start(answered, callee, "/svc", 600_000);
        Recording timedOut = new Recording(owner);
        calls.start(timedOut, callee, "/svc", 50);
        assertThat(calls.start(new Recording(owner), callee, "/svc", 600_000)).isNull();

        assertThat(calls.answered(first, callee, "1", null)).isTrue();
        assertThat(answered.outcomes()).containsExactly("result 1");
        Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> !timedOut.outcomes().isEmpty());
        assertThat(timedOut.outcomes()).containsExactly("timeout");
        assertThat(calls.pendingOf(owner)).isZero();

        Recording gone = new Recording(owner);
        assertThat(calls.start(gone, callee, "/svc", 600_000)).isNotNull();
        assertThat(calls.start(new Recording(owner), callee, "/svc", 600_000)).isNotNull();
        calls.calleeGone(callee);
        assertThat(gone.outcomes()).containsExactly("callee_gone");
        assertThat(calls.pendingOf(owner)).isZero();
        assertThat(calls.size()).isZero();
    }

    @Test
    void callsWithNoOwnerCountOnlyInAll() {
        PendingCalls calls = new PendingCalls(timers, "i-", 1, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(calls.start(new Recording(null), callee, "/svc", 600_000)).isNotNull();
        }
        assertThat(calls.start(new Recording(null), callee, "/svc", 600_000)).isNull();
    }
}
