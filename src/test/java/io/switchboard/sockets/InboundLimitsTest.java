package io.switchboard.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.hub.Limits;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboundLimitsTest {
    private final List<String> said = new ArrayList<>();
    private final RecordingPeer peer = new RecordingPeer();

    /** The rate limit's clock: frozen unless a test moves it, so no token refills mid-burst. */
    private final java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();

    private SocketHandler limited(int frame, int rate) {
        Limits d = Limits.defaults();
        Limits limits = new Limits(frame, d.hardFrame(), d.queue(), d.sessionTtl(), rate, d.heartbeat(), d.history(), d.historyTtl());
        return InboundLimits.wrap(new SocketHandler() {
            @Override
            public void text(String text) {
                said.add(text);
            }

            @Override
            public void binary() {
            }

            @Override
            public void closed(int code) {
            }
        }, peer, limits, nanos::get);
    }

    @Test
    void aTextOverTheFrameLimitIsAnsweredTooLargeAndDropped() {
        SocketHandler h = limited(10, 1000);
        h.text("0123456789");
        h.text("0123456789x");
        h.text("ééééé");
        h.text("éééééé");
        assertThat(said).containsExactly("0123456789", "ééééé");
        assertThat(peer.sent).hasSize(2).allMatch(s -> s.contains("\"too_large\""));
    }

    @Test
    void textsPastTheRateAreDroppedAndSustainedFloodingCloses() {
        SocketHandler h = limited(1000, 3);
        for (int i = 0; i < 3; i++) {
            h.text("t" + i);
        }
        h.text("over");
        assertThat(said).containsExactly("t0", "t1", "t2");
        assertThat(peer.sent).singleElement().asString().contains("\"rate_limited\"");
        assertThat(peer.closedWith).isZero();
        for (int i = 0; i < 3; i++) {
            h.text("more");
        }
        assertThat(peer.closedWith).isEqualTo(1008);
    }
}
