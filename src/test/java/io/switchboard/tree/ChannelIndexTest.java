package io.switchboard.tree;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.routing.LocalBus;
import io.switchboard.routing.LocalMessageLog;
import io.switchboard.routing.Message;
import io.switchboard.routing.Router;
import io.switchboard.routing.Subscriber;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ChannelIndexTest {
    private static final long TTL = 10_000;

    private final AtomicLong now = new AtomicLong(1_000);
    private final Router router = new Router(new LocalMessageLog(100, TTL, now::get), new LocalBus());
    private final IndexTree tree = new IndexTree();
    private final ChannelIndex index = new ChannelIndex(tree, router.log()::holds);
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
}
