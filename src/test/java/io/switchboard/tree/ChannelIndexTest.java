package io.switchboard.tree;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.protocol.Since;
import io.switchboard.routing.LocalBus;
import io.switchboard.routing.LocalMessageLog;
import io.switchboard.routing.Message;
import io.switchboard.routing.Router;
import io.switchboard.routing.Subscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ChannelIndexTest {
    private static final long TTL = 10_000;

    private final AtomicLong now = new AtomicLong(1_000);
    private final Router router = new Router(new LocalMessageLog(100, TTL, now::get), new LocalBus());
    private final IndexTree tree = new IndexTree();
    private final ChannelIndex index = new ChannelIndex(tree, router.log());
    private final IndexTreeTest.Events data = new IndexTreeTest.Events();

    {
        router.observe(index);
        tree.watch("/data", data);
    }

    private static ChannelPath ch(String s) throws Exception {
        return ChannelPath.parse(s);
    }

    private static final Subscriber NOBODY = new Subscriber() {
        @Override
        public String inbox() {
            return "nobody";
        }

        @Override
        public void deliver(Message message) {
        }
    };

    @Test
    void aChannelAppearsOnceWhenFirstPublishedAndLeavesWhenItsHistoryExpires() throws Exception {
        router.publish(ch("/data/geo"), "1", null, false);
        router.publish(ch("/data/geo"), "2", null, false);
        router.publish(ch("/other/x"), "3", null, false);
        assertThat(data.seen).containsExactly("+geo:channel");
        index.sweep();
        assertThat(tree.exists("/data/geo")).isTrue();
        now.addAndGet(TTL + 1);
        index.sweep();
        assertThat(data.seen).containsExactly("+geo:channel", "-geo:channel");
    }

    @Test
    void aRetainedValueKeepsAChannelAfterItsHistoryExpiresUntilCleared() throws Exception {
        router.publish(ch("/data/r"), "{\"v\":1}", null, true);
        now.addAndGet(TTL + 1);
        index.sweep();
        assertThat(tree.exists("/data/r")).isTrue();
        router.publish(ch("/data/r"), "null", null, true);
        now.addAndGet(TTL + 1);
        index.sweep();
        assertThat(tree.exists("/data/r")).isFalse();
    }

    @Test
    void anExactSubscriberMakesAChannelAWildcardDoesNot() throws Exception {
        router.subscribe(NOBODY, ChannelPattern.parse("/data/**"));
        router.subscribe(NOBODY, ChannelPattern.parse("/data/*/x"));
        assertThat(data.seen).isEmpty();
        router.subscribe(NOBODY, ChannelPattern.parse("/data/s/t"));
        assertThat(data.seen).containsExactly("+s:index");
        router.unsubscribe(NOBODY, ChannelPattern.parse("/data/s/t"));
        assertThat(data.seen).containsExactly("+s:index", "-s:index");
    }

    @Test
    void aFeedGetsTheRetainedValueFirstThenLiveMessagesOnce() throws Exception {
        router.publish(ch("/data/f"), "1", null, true);
        List<String> got = new ArrayList<>();
        ChannelFeed feed = new ChannelFeed(ch("/data/f"), out(got));
        feed.start(router, null);
        router.publish(ch("/data/f"), "2", null, false);
        assertThat(got).containsExactly("1", "2");
        feed.stop(router);
        router.publish(ch("/data/f"), "3", null, false);
        assertThat(got).hasSize(2);
    }

    @Test
    void aResumingFeedGetsWhatItMissed() throws Exception {
        long first = router.publish(ch("/data/m"), "1", null, false).off();
        router.publish(ch("/data/m"), "2", null, false);
        router.publish(ch("/data/m"), "3", null, false);
        List<String> got = new ArrayList<>();
        new ChannelFeed(ch("/data/m"), out(got)).start(router, new Since(first, router.log().epoch()));
        assertThat(got).containsExactly("2", "3");
        List<String> other = new ArrayList<>();
        new ChannelFeed(ch("/data/m"), out(other)).start(router, new Since(0, "another-epoch"));
        assertThat(other.get(0)).startsWith("gap {\"epoch\"");
        assertThat(other.subList(1, other.size())).containsExactly("1", "2", "3");
    }

    private static ChannelFeed.Out out(List<String> got) {
        return new ChannelFeed.Out() {
            @Override
            public void message(Message m) {
                got.add(m.data());
            }

            @Override
            public void gap(String json) {
                got.add("gap " + json);
            }
        };
    }
}
