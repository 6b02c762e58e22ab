package io.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.channels.BadChannelException;
import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.protocol.Gap;
import io.switchboard.protocol.Since;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The one way anything subscribes: start (replay after since, or retained), then live, each
 * message once. The bus here holds messages until told to deliver them, as the cluster's reader
 * does, so a live copy can arrive after a replay already gave the same message.
 */
class FeedTest {
    private static final int HISTORY = 3;

    /** A bus that delivers only when asked: the gap between append and delivery a real cluster has. */
    private static final class HeldBus implements Bus {
        private final Queue<Message> held = new ArrayDeque<>();
        private Consumer<Message> delivery;

        @Override
        public void onMessage(Consumer<Message> localDelivery) {
            this.delivery = localDelivery;
        }

        @Override
        public void publish(Message message) {
            held.add(message);
        }

        void deliverHeld() {
            for (Message m; (m = held.poll()) != null; ) {
                delivery.accept(m);
            }
        }
    }

    /** Records what a feed hands on, as "data" or "gap ...", and checks it holds the lock each time. */
    private static final class Recorder implements Feed.Out {
        final Object lock = new Object();
        final List<String> got = new ArrayList<>();
        int deliveredCalls;
        boolean fits = true;

        @Override
        public boolean message(Message m) {
            assertThat(Thread.holdsLock(lock)).as("messages are handed on under the feed's lock").isTrue();
            got.add(m.data());
            return fits;
        }

        @Override
        public boolean gap(Gap gap) {
            assertThat(Thread.holdsLock(lock)).isTrue();
            got.add(gap.isEpoch() ? "gap epoch " + gap.epoch() : "gap " + gap.ch() + " " + gap.from() + ".." + gap.to());
            return fits;
        }

        @Override
        public void delivered(boolean fits) {
            assertThat(Thread.holdsLock(lock)).as("delivered is called outside the lock").isFalse();
            deliveredCalls++;
        }
    }

    private final HeldBus bus = new HeldBus();
    private final Router router = new Router(new LocalMessageLog(HISTORY, 60_000, System::currentTimeMillis), bus);
    private final Recorder out = new Recorder();
    private final String epoch = router.log().epoch();

    private Feed feed(String inbox) {
        return new Feed(router, inbox, out.lock, out);
    }

    private long pub(String ch, String data, boolean retain) {
        try {
            return router.publish(ChannelPath.parse(ch), data, null, retain).off();
        } catch (BadChannelException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ChannelPattern pattern(String p) {
        try {
            return ChannelPattern.parse(p);
        } catch (BadChannelException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void aNewSubscriptionGetsRetainedValuesThenLiveMessages() {
        pub("/t/a", "1", true);
        pub("/t/b", "2", false);
        bus.deliverHeld();
        Feed f = feed(null);
        assertThat(f.subscribe(pattern("/t/*"), null)).isTrue();
        pub("/t/b", "3", false);
        bus.deliverHeld();
        assertThat(out.got).containsExactly("1", "3");
        assertThat(out.deliveredCalls).isEqualTo(1);
    }

    @Test
    void aLiveCopyOfAReplayedMessageIsDroppedAndTheFirstNewOneLiftsTheFloor() {
        long first = pub("/r/a", "1", false);
        pub("/r/a", "2", false);
        pub("/r/b", "3", false);
        // Not delivered yet: the replay reads them from the log, then the bus delivers them live too.
        Feed f = feed(null);
        f.subscribe(pattern("/r/*"), new Since(first, epoch));
        assertThat(out.got).containsExactly("2", "3");
        pub("/r/a", "4", false);
        bus.deliverHeld();
        assertThat(out.got).containsExactly("2", "3", "4");
    }

    @Test
    void aRetainedStartSetsTheFloorToo() {
        pub("/k/a", "1", true);
        Feed f = feed(null);
        f.subscribe(pattern("/k/a"), null);
        bus.deliverHeld(); // the live copy of the retained value
        assertThat(out.got).containsExactly("1");
    }

    @Test
    void aMessageMatchingTwoPatternsComesOnce() {
        Feed f = feed(null);
        f.subscribe(pattern("/d/*"), null);
        f.subscribe(pattern("/d/**"), null);
        pub("/d/x", "1", false);
        bus.deliverHeld();
        assertThat(out.got).containsExactly("1");
        assertThat(f.subscriptionCount()).isEqualTo(2);
    }

    @Test
    void historyThatNoLongerCoversSinceIsAGapBeforeWhatIsLeft() {
        long first = pub("/g/a", "0", false);
        for (int i = 1; i <= 5; i++) {
            pub("/g/a", String.valueOf(i), false);
        }
        bus.deliverHeld();
        feed(null).subscribe(pattern("/g/a"), new Since(first, epoch));
        // History holds the last 3 (offsets first+3..first+5); first+1..first+2 are gone.
        assertThat(out.got).containsExactly("gap /g/a " + (first + 1) + ".." + (first + 2), "3", "4", "5");
    }

    @Test
    void anUnknownEpochIsAnEpochGapThenEverythingHeld() {
        pub("/e/a", "1", false);
        pub("/e/a", "2", false);
        bus.deliverHeld();
        feed(null).subscribe(pattern("/e/a"), new Since(1, "another-epoch"));
        assertThat(out.got).containsExactly("gap epoch " + epoch, "1", "2");
    }

    @Test
    void aStartReportsWhetherEverythingFit() {
        pub("/f/a", "1", true);
        bus.deliverHeld();
        out.fits = false;
        assertThat(feed(null).subscribe(pattern("/f/a"), null)).isFalse();
        out.fits = true;
        assertThat(feed(null).subscribe(pattern("/f/b"), null)).as("nothing retained: nothing to overflow").isTrue();
    }

    @Test
    void anUnsubscribedPatternGetsNothingMoreAndOthersGoOn() {
        Feed f = feed(null);
        f.subscribe(pattern("/u/a"), null);
        f.subscribe(pattern("/u/b"), null);
        assertThat(f.unsubscribe(pattern("/u/a"))).isTrue();
        assertThat(f.unsubscribe(pattern("/u/a"))).as("only once").isFalse();
        pub("/u/a", "1", false);
        pub("/u/b", "2", false);
        bus.deliverHeld();
        assertThat(out.got).containsExactly("2");
        assertThat(f.patterns()).containsExactly(pattern("/u/b"));
    }

    @Test
    void aClosedFeedLeavesEveryPatternAndNeverSubscribesAgain() {
        Feed f = feed(null);
        f.subscribe(pattern("/c/a"), null);
        f.subscribe(pattern("/c/**"), null);
        f.close();
        assertThat(router.subscriptionCount()).isZero();
        f.subscribe(pattern("/c/b"), null);
        f.resubscribe(pattern("/c/b"));
        assertThat(router.subscriptionCount()).isZero();
        pub("/c/a", "1", false);
        bus.deliverHeld();
        assertThat(out.got).isEmpty();
        assertThat(f.closed()).isTrue();
    }

    @Test
    void aResubscriptionHasNoStart() {
        pub("/s/a", "1", true);
        bus.deliverHeld();
        Feed f = feed(null);
        f.resubscribe(pattern("/s/a"));
        assertThat(out.got).isEmpty();
        pub("/s/a", "2", false);
        bus.deliverHeld();
        assertThat(out.got).containsExactly("2");
    }

    @Test
    void onlyTheOwnInboxIsSeenInStartsAndLive() {
        pub("/clients/bob/x", "bob's", true);
        pub("/clients/alice/x", "alice's", true);
        bus.deliverHeld();
        Feed bob = feed("bob");
        bob.subscribe(pattern("/clients/*/x"), null);
        pub("/clients/alice/x", "alice live", false);
        pub("/clients/bob/x", "bob live", false);
        bus.deliverHeld();
        assertThat(out.got).containsExactly("bob's", "bob live");

        bob.close();
        out.got.clear();
        Feed nobody = feed(null);
        nobody.subscribe(pattern("/clients/**"), new Since(0, epoch));
        pub("/clients/bob/x", "again", false);
        bus.deliverHeld();
        assertThat(out.got).as("a feed without an inbox sees no inbox").isEmpty();
    }
}
