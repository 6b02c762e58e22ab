package io.switchboard.hub;

import static io.switchboard.hub.HubFixture.data;
import static io.switchboard.hub.HubFixture.errorCode;
import static io.switchboard.hub.HubFixture.op;
import static io.switchboard.hub.HubFixture.ops;
import static io.switchboard.hub.HubFixture.seqs;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.hub.HubFixture.Client;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Sessions across connections (docs/protocol.md, Sessions): resume, close codes, expiry, heartbeats, names, slow consumers. */
class SessionLifecycleTest {
    private HubFixture fx = new HubFixture();
    private Client publisher;

    private void publish(String ch, int... values) {
        if (publisher == null) {
            publisher = fx.hello("{'op':'hello'}");
        }
        for (int v : values) {
            publisher.send("{'op':'pub','ch':'" + ch + "','data':" + v + "}");
        }
    }

    private Client subscribed(String client) {
        Client c = fx.hello("{'op':'hello','client':'" + client + "'}");
        c.send("{'op':'sub','ch':'/a'}");
        return c;
    }

    private List<JsonObject> resume(String client, long seq) {
        Client c = fx.connect();
        c.send("{'op':'hello','client':'" + client + "','resume':{'seq':" + seq + "}}");
        return c.take();
    }

    private boolean resumes(String client) {
        return resume(client, 0).get(0).getBoolean("resumed");
    }

    @Test
    void resumingTheSameClientResendsTheUnackedFramesInOrderThenGoesLive() {
        Client first = subscribed("dev-1");
        String sessionId = first.connection().session().id();
        publish("/a", 1, 2, 3);
        first.send("{'op':'ack','seq':1}");
        first.connection().closed(1006);
        publish("/a", 4, 5);

        Client second = fx.connect();
        second.send("{'op':'hello','client':'dev-1','resume':{'seq':1}}");
        List<JsonObject> frames = second.take();

        assertThat(ops(frames)).containsExactly("welcome", "msg", "msg", "msg", "msg");
        assertThat(frames.get(0).getBoolean("resumed")).isTrue();
        assertThat(frames.get(0).getString("session")).isEqualTo(sessionId);
        assertThat(seqs(frames)).containsExactly(2L, 3L, 4L, 5L);
        assertThat(data(frames)).containsExactly("2", "3", "4", "5");

        publish("/a", 6);
        JsonObject live = second.takeOne();
        assertThat(live.getInt("seq")).isEqualTo(6);
    }

    @Test
    void resumeWithASeqBeyondTheLastSeqIsWelcomedThenToldBadFrame() {
        Client first = subscribed("dev-1");
        publish("/a", 1);
        first.connection().closed(1006);

        List<JsonObject> frames = resume("dev-1", 7);

        assertThat(ops(frames)).containsExactly("welcome", "error");
        assertThat(frames.get(0).getBoolean("resumed")).isTrue();
        assertThat(errorCode(frames.get(1))).isEqualTo("bad_frame");
    }

    @Test
    void aNewClientIdIsNotResumedWhateverItsResumeSeq() {
        List<JsonObject> frames = resume("fresh", 5);

        assertThat(ops(frames)).containsExactly("welcome");
        assertThat(frames.get(0).getBoolean("resumed")).isFalse();
    }

    @ParameterizedTest(name = "client closes with {0}")
    @ValueSource(ints = {1000, 1001})
    void aCleanCloseByTheClientEndsAResumableSession(int code) {
        Client c = subscribed("dev-1");
        c.connection().closed(code);

        assertThat(fx.hub.sessionCount()).isZero();
        assertThat(fx.hub.subscriptionCount()).isZero();
        assertThat(resumes("dev-1")).isFalse();
    }

    @Test
    void anAbnormalCloseKeepsTheSessionUntilSessionTtlPasses() {
        Client c = subscribed("dev-1");
        c.connection().closed(1006);
        publish("/a", 1); // still queued for the detached session

        fx.advance(fx.limits.sessionTtl());
        fx.hub.tick();
        assertThat(fx.hub.sessionCount()).as("at exactly sessionTtl the session still lives").isEqualTo(2);

        fx.advance(1);
        fx.hub.tick();
        assertThat(fx.hub.sessionCount()).isEqualTo(1); // only the publisher's
        assertThat(fx.hub.subscriptionCount()).isEqualTo(1); // the publisher's inbox

        List<JsonObject> frames = resume("dev-1", 0);
        assertThat(ops(frames)).containsExactly("welcome");
        assertThat(frames.get(0).getBoolean("resumed")).isFalse();
    }

    @Test
    void aSessionResumedBeforeItsTtlIsNotExpiredLater() {
        subscribed("dev-1").connection().closed(1006);
        fx.advance(fx.limits.sessionTtl() - 1);
        assertThat(resumes("dev-1")).isTrue();

        fx.advance(fx.limits.sessionTtl() * 2);
        fx.hub.tick();

        assertThat(fx.hub.sessionCount()).isEqualTo(1);
    }

    @Test
    void anEphemeralSessionEndsWhenItsSocketDropsAbnormally() {
        Client c = fx.hello("{'op':'hello'}");
        c.connection().closed(1006);

        assertThat(fx.hub.sessionCount()).isZero();
        assertThat(fx.hub.connectionCount()).isZero();
    }

    @Test
    void theHubPingsEachHeartbeatAndDropsAConnectionSilentForTwoHeartbeatsButKeepsTheSession() {
        long beat = fx.limits.heartbeat();
        Client c = subscribed("dev-1");

        fx.advance(beat);
        fx.hub.tick();
        assertThat(c.link().pings()).isEqualTo(1);
        assertThat(c.closeCodes()).isEmpty();

        fx.advance(beat);
        fx.hub.tick(); // exactly two heartbeats of silence: not yet
        assertThat(c.closeCodes()).isEmpty();
        assertThat(c.link().pings()).isEqualTo(2);

        fx.advance(1);
        fx.hub.tick();
        assertThat(c.closeCodes()).containsExactly(1001);

        c.connection().closed(1001); // the transport reports the close the server made
        assertThat(fx.hub.sessionCount()).isEqualTo(1);
        assertThat(resumes("dev-1")).isTrue();
    }

    @Test
    void trafficFromTheClientOrAPongKeepsTheConnectionAlive() {
        long beat = fx.limits.heartbeat();
        Client c = subscribed("dev-1");

        fx.advance(beat * 3 / 2);
        c.send("{'op':'ack','seq':0}");
        fx.advance(beat * 3 / 2);
        c.connection().pong();
        fx.advance(beat * 3 / 2);
        fx.hub.tick();

        assertThat(c.closeCodes()).isEmpty();
    }

    @Test
    void aSecondSessionClaimingALiveNameGetsNameTakenThenClose1008() {
        Client holder = fx.hello("{'op':'hello','client':'a','name':'kitchen'}");
        Client claimer = fx.connect();

        claimer.send("{'op':'hello','client':'b','name':'kitchen'}");

        List<String> timeline = claimer.link().timeline();
        assertThat(timeline).hasSize(2);
        assertThat(errorCode(FakeLink.parse(timeline.get(0)))).isEqualTo("name_taken");
        assertThat(timeline.get(1)).isEqualTo("close 1008");
        assertThat(fx.hub.sessionCount()).isEqualTo(1);
        assertThat(holder.closeCodes()).isEmpty();
    }

    @Test
    void aNameStaysTakenWhileItsSessionWaitsForAResumeAndIsFreedWhenItEnds() {
        fx.hello("{'op':'hello','client':'a','name':'kitchen'}").connection().closed(1006);

        Client early = fx.connect();
        early.send("{'op':'hello','client':'b','name':'kitchen'}");
        assertThat(early.closeCodes()).containsExactly(1008);

        fx.advance(fx.limits.sessionTtl() + 1);
        fx.hub.tick();
        Client later = fx.connect();
        later.send("{'op':'hello','client':'b','name':'kitchen'}");
        JsonObject welcome = later.takeOne();
        assertThat(welcome.getString("name")).isEqualTo("kitchen");
        assertThat(later.closeCodes()).isEmpty();
    }

    @Test
    void anAnonymousSessionCanNotTakeALiveName() {
        fx.hello("{'op':'hello','client':'a','name':'kitchen'}");
        Client claimer = fx.connect();

        claimer.send("{'op':'hello','name':'kitchen'}");

        assertThat(claimer.closeCodes()).containsExactly(1008);
    }

    /** One inbox per session. A name equal to another live session's client id would share its inbox. */
    @ParameterizedTest(name = "{0} then {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{'op':'hello','client':'bob'}                | {'op':'hello','client':'b2','name':'bob'}",
            "{'op':'hello','client':'b2','name':'bob'}    | {'op':'hello','client':'bob'}",
    })
    void anInboxMessageReachesOneSessionEvenWhenANameEqualsAClientId(String firstHello, String secondHello) {
        Client first = fx.connect().send(firstHello);
        Client second = fx.connect().send(secondHello);
        first.take();
        second.take();

        publish("/clients/bob/x", 1);

        int receivers = (data(first.take()).isEmpty() ? 0 : 1) + (data(second.take()).isEmpty() ? 0 : 1);
        assertThat(receivers).as("sessions that received a message sent to the inbox /clients/bob").isEqualTo(1);
    }

    @Test
    void aNewConnectionTakesOverALiveSessionAndTheOldLinkIsClosed() {
        Client first = subscribed("dev-1");
        Client second = fx.connect();

        second.send("{'op':'hello','client':'dev-1'}");
        assertThat(second.takeOne().getBoolean("resumed")).isTrue();
        assertThat(first.closeCodes()).hasSize(1);

        first.connection().closed(1006); // the old socket's close must not detach the new one
        publish("/a", 1);

        assertThat(data(second.take())).containsExactly("1");
        assertThat(first.take()).isEmpty();
    }

    /**
     * Queue of 4, never acked: the 5th message overflows, the link is asked to close with 1013, and
     * seqs 1..3 are dropped (down to half). Resuming gets the gap standing at seq 3, then 4.. with
     * nothing else missing.
     */
    @ParameterizedTest(name = "resume at {0}")
    @CsvSource(nullValues = "-", value = {"0, 1", "2, 3", "3, -", "4, -"})
    void aSlowResumableConsumerIsClosedWith1013AndResumesWithTheGap(long resumeSeq, Long gapFrom) {
        fx = new HubFixture(HubFixture.limits(4, 1000));
        Client slow = subscribed("slow");
        publish("/a", 1, 2, 3, 4, 5);

        assertThat(slow.closeCodes()).containsExactly(1013);
        assertThat(fx.hub.stats().slowConsumers()).isEqualTo(1);
        assertThat(fx.hub.stats().dropped()).isEqualTo(3);
        slow.connection().closed(1013);
        publish("/a", 6, 7);

        List<JsonObject> frames = resume("slow", resumeSeq);

        assertThat(frames.get(0).getBoolean("resumed")).isTrue();
        List<JsonObject> rest = frames.subList(1, frames.size());
        long firstMsgSeq = Math.max(4, resumeSeq + 1);
        if (gapFrom != null) {
            JsonObject gap = rest.get(0);
            assertThat(op(gap)).isEqualTo("gap");
            assertThat(gap.getInt("from")).isEqualTo(gapFrom.intValue());
            assertThat(gap.getInt("to")).isEqualTo(3);
            assertThat(gap.getInt("seq")).isEqualTo(3);
            assertThat(gap).doesNotContainKey("ch");
            rest = rest.subList(1, rest.size());
        }
        assertThat(ops(rest)).allMatch("msg"::equals);
        assertThat(seqs(rest)).isEqualTo(java.util.stream.LongStream.rangeClosed(firstMsgSeq, 7).boxed().toList());
        assertThat(data(rest)).isEqualTo(java.util.stream.LongStream.rangeClosed(firstMsgSeq, 7)
                .mapToObj(String::valueOf).toList());
    }

    @Test
    void aSlowConsumerDoesNotSlowOthers() {
        fx = new HubFixture(HubFixture.limits(4, 1000));
        Client slow = subscribed("slow");
        Client fast = subscribed("fast");

        for (int i = 1; i <= 8; i++) {
            publish("/a", i);
            fast.send("{'op':'ack','seq':" + i + "}");
        }

        assertThat(slow.closeCodes()).isNotEmpty().containsOnly(1013);
        assertThat(fast.closeCodes()).isEmpty();
        assertThat(data(fast.take())).hasSize(8);
    }
}
