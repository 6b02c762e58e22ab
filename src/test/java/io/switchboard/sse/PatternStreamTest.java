package io.switchboard.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.hub.Hub;
import io.switchboard.hub.Limits;
import io.switchboard.protocol.FrameCodec;
import io.switchboard.protocol.Since;
import io.switchboard.routing.LocalBus;
import io.switchboard.routing.LocalMessageLog;
import io.switchboard.routing.Router;
import jakarta.json.spi.JsonProvider;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/** How an /sse stream starts and goes live, on a real router and a fake sink. */
class PatternStreamTest {
    private final Router router = new Router(new LocalMessageLog(5, 600_000, System::currentTimeMillis), new LocalBus());
    private final Hub hub = new Hub(router, Limits.defaults(), new FrameCodec(JsonProvider.provider()), System::currentTimeMillis);
    private final String epoch = router.log().epoch();
    private final MsgEvents events = new MsgEvents(epoch);
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private final FakeSink sink = new FakeSink();

    private PatternStream open(String pattern, Since since) throws Exception {
        PatternStream p = new PatternStream(hub, ChannelPattern.parse(pattern), events);
        SseStream s = new SseStream(SseLimits.DEFAULTS, tasks::add, new SseStats(), System::currentTimeMillis, p::ended);
        sink.connect(s);
        p.start(s, since);
        return p;
    }

    private long pub(String ch, String data, boolean retain) throws Exception {
        return router.publish(ChannelPath.parse(ch), data, null, retain).off();
    }

    /** The stream's events as "event id data" lines, the retry hint left out. */
    private List<String> written() {
        for (Runnable r; (r = tasks.poll()) != null; ) {
            r.run();
        }
        return Arrays.stream(sink.text().split("\n\n")).filter(e -> !e.startsWith("retry:"))
                .map(e -> e.replace("\n", " ")).toList();
    }

    @Test
    void aNewStreamGetsRetainedValuesThenItsPositionThenLiveMessages() throws Exception {
        long a = pub("/t/a", "1", true);
        pub("/t/a", "2", false);
        long b = pub("/t/b", "3", true);
        open("/t/*", null);
        long live = pub("/t/a", "4", false);
        List<String> out = written();
        assertThat(out).hasSize(4);
        assertThat(out.get(0)).isEqualTo("id: " + epoch + ":" + a + " event: msg data: {\"op\":\"msg\",\"ch\":\"/t/a\",\"data\":1,\"off\":" + a + "}");
        assertThat(out.get(1)).startsWith("id: " + epoch + ":" + b + " event: msg");
        assertThat(out.get(2)).isEqualTo("id: " + epoch + ":" + b);
        assertThat(out.get(3)).startsWith("id: " + epoch + ":" + live + " event: msg").contains("\"data\":4");
    }

    @Test
    void aResumeReplaysWhatCameAfterTheIdInOffsetOrder() throws Exception {
        long first = pub("/r/a", "1", false);
        pub("/r/b", "2", false);
        pub("/r/a", "3", false);
        open("/r/**", new Since(first, epoch));
        pub("/r/b", "4", false);
        assertThat(written()).extracting(e -> e.substring(e.lastIndexOf("\"data\":") + 7, e.lastIndexOf(",\"off\"")))
                .containsExactly("2", "3", "4");
    }

    @Test
    void anUnknownEpochIsAGapAtOffsetZeroThenEverythingHeld() throws Exception {
        pub("/e/a", "1", false);
        open("/e/a", new Since(7, "other"));
        List<String> out = written();
        assertThat(out.get(0)).isEqualTo("id: " + epoch + ":0 event: gap data: {\"op\":\"gap\",\"epoch\":\"" + epoch + "\"}");
        assertThat(out).hasSize(2);
    }

    @Test
    void historyLostAfterTheIdIsAChannelGap() throws Exception {
        long first = pub("/g/a", "0", false);
        for (int i = 1; i <= 8; i++) {
            pub("/g/a", String.valueOf(i), false);
        }
        open("/g/a", new Since(first, epoch));
        List<String> out = written();
        assertThat(out.get(0)).startsWith("event: gap data: {\"op\":\"gap\",\"ch\":\"/g/a\",\"from\":" + (first + 1));
        assertThat(out).hasSize(1 + 5);
    }

    @Test
    void inboxesNeverReachAStream() throws Exception {
        pub("/clients/alice/x", "1", true);
        open("/clients/*/x", null);
        pub("/clients/alice/x", "2", false);
        assertThat(written()).allMatch(e -> !e.contains("event: msg"));
    }

    @Test
    void anEndedStreamIsUnsubscribed() throws Exception {
        PatternStream p = open("/u/a", null);
        assertThat(router.subscriptionCount()).isEqualTo(1);
        p.ended();
        assertThat(router.subscriptionCount()).isZero();
        pub("/u/a", "1", false);
        assertThat(written()).allMatch(e -> !e.contains("event: msg"));
    }

    @Test
    void aStreamEndedBeforeItStartedNeverSubscribes() throws Exception {
        PatternStream p = new PatternStream(hub, ChannelPattern.parse("/v/a"), events);
        p.ended();
        SseStream s = new SseStream(SseLimits.DEFAULTS, tasks::add, new SseStats(), System::currentTimeMillis, p::ended);
        p.start(s, null);
        assertThat(router.subscriptionCount()).isZero();
    }

    @Test
    void theLastEventIdHeaderWinsOverTheQueryAndOddIdsAreAnUnknownEpoch() {
        assertThat(EventPosition.of("e1:5", "e1:2")).isEqualTo(new Since(5, "e1"));
        assertThat(EventPosition.of(null, "e1:2")).isEqualTo(new Since(2, "e1"));
        assertThat(EventPosition.of("", "e1:2")).isEqualTo(new Since(2, "e1"));
        assertThat(EventPosition.of(null, null)).isNull();
        assertThat(EventPosition.of("junk", null).epoch()).isNotEqualTo("junk").startsWith("?");
        assertThat(EventPosition.of("e1:-3", null).epoch()).startsWith("?");
        assertThat(EventPosition.of("e1:x", null).epoch()).startsWith("?");
    }
}
