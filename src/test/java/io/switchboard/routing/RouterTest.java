package io.switchboard.routing;

import static io.switchboard.routing.LocalMessageLogTest.path;
import static io.switchboard.routing.LocalMessageLogTest.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Since;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouterTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private Router router = new Router(new LocalMessageLog(100, 60_000, now::get), new LocalBus());

    /** Identity equality, like a session. */
    static final class Recorder implements Subscriber {
        private final String inbox;
        final List<Message> got = new ArrayList<>();

        Recorder(String inbox) {
            this.inbox = inbox;
        }

        @Override
        public String inbox() {
            return inbox;
        }

        @Override
        public void deliver(Message message) {
            got.add(message);
        }

        List<String> channels() {
            return got.stream().map(m -> m.channel().value()).toList();
        }

        @Override
        public String toString() {
            return inbox;
        }
    }

    private Recorder subscriber(String inbox, String... patterns) {
        Recorder r = new Recorder(inbox);
        for (String p : patterns) {
            router.subscribe(r, pattern(p));
        }
        return r;
    }

    private Message publish(String ch) {
        return router.publish(path(ch), "1", "pub", false);
    }

    private Message publishRetained(String ch, String data) {
        return router.publish(path(ch), data, "pub", true);
    }

    /** A pattern resumes from an offset exactly only if deliveries across channels come in offset order. */
    @Test
    void concurrentPublishersOnDifferentChannelsAreDeliveredInOffsetOrder() throws Exception {
        List<Long> offsets = java.util.Collections.synchronizedList(new ArrayList<>());
        router.subscribe(new Subscriber() {
            @Override
            public String inbox() {
                return "all";
            }

            @Override
            public void deliver(Message m) {
                offsets.add(m.off());
            }
        }, pattern("/race/**"));
        List<Thread> publishers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            var ch = path("/race/" + t);
            Thread p = new Thread(() -> {
                for (int i = 0; i < 20_000; i++) {
                    router.publish(ch, "1", null, false);
                }
            });
            publishers.add(p);
            p.start();
        }
        for (Thread p : publishers) {
            p.join();
        }
        assertThat(offsets).hasSize(80_000).isSorted();
    }

    @Test
    void aSubscriberGetsOneCopyHoweverManyOfItsPatternsMatch() {
        Recorder s = subscriber("s", "/a/b", "/a/*", "/a/**", "/**", "/**/b", "/*/b");
        Recorder t = subscriber("t", "/a/b");

        Message m = publish("/a/b");

        assertThat(s.got).containsExactly(m);
        assertThat(t.got).containsExactly(m);
        assertThat(router.deliveredCount()).isEqualTo(2);
    }

    @Test
    void publishGivesHubWideIncreasingOffsetsAndEncodesTheMsgOnce() {
        Message a = publish("/a");
        Message b = router.publish(path("/b"), "{\"k\":\"v\"}", "alice", false);

        assertThat(b.off()).isGreaterThan(a.off());
        assertThat(b.openFrame()).isEqualTo("{\"op\":\"msg\",\"ch\":\"/b\",\"data\":{\"k\":\"v\"},\"off\":" + b.off()
                + ",\"from\":\"alice\"");
        assertThat(router.publishedCount()).isEqualTo(2);
    }

    @Test
    void unsubscribeStopsDelivery() {
        Recorder s = subscriber("s", "/a/*");
        publish("/a/1");
        router.unsubscribe(s, pattern("/a/*"));
        publish("/a/2");

        assertThat(s.channels()).containsExactly("/a/1");
        assertThat(router.subscriptionCount()).isZero();
    }

    /**
     * A pattern never reaches another session's inbox. Alice and bob subscribe with the same
     * pattern; the last column is who receives a publish to the channel.
     */
    @ParameterizedTest(name = "{0} ~ {1} -> [{2}]")
    @CsvSource(delimiter = '|', value = {
            "/**              | /clients/bob/x     | bob",
            "/**              | /clients/alice     | alice",
            "/clients/**      | /clients/bob/x/y   | bob",
            "/clients/*       | /clients/alice     | alice",
            "/clients/*/x     | /clients/bob/x     | bob",
            "/clients/*/x     | /clients/alice/x   | alice",
            "/*/*/x           | /clients/bob/x     | bob",
            "/**/x            | /clients/alice/x   | alice",
            "/**              | /public/x          | alice bob",
            "/**              | /clients           | alice bob",
            "/$sys/*          | /$sys/presence     | alice bob",
            "/**              | /$sys/presence     | ''",
    })
    void inboxesAreNarrowcast(String pattern, String channel, String receivers) {
        Recorder alice = subscriber("alice", pattern);
        Recorder bob = subscriber("bob", pattern);

        publish(channel);

        List<String> expected = receivers.isBlank() ? List.of() : Arrays.asList(receivers.trim().split(" "));
        List<String> got = new ArrayList<>();
        for (Recorder r : List.of(alice, bob)) {
            if (!r.got.isEmpty()) {
                assertThat(r.got).hasSize(1);
                got.add(r.inbox());
            }
        }
        assertThat(got).isEqualTo(expected);
    }

    @Test
    void retainedForShowsOnlyTheSubscribersOwnInboxValues() {
        Recorder bob = subscriber("bob");
        publishRetained("/clients/alice/x", "\"for alice\"");
        publishRetained("/clients/bob/x", "\"for bob\"");
        publishRetained("/public/x", "\"for all\"");

        assertThat(router.retainedFor(bob, pattern("/clients/*/x"))).extracting(Message::data).containsExactly("\"for bob\"");
        assertThat(router.retainedFor(bob, pattern("/**"))).extracting(Message::data)
                .containsExactly("\"for bob\"", "\"for all\"");
    }

    @Test
    void replayForHidesOtherInboxesMessagesAndGaps() {
        router = new Router(new LocalMessageLog(1, 60_000, now::get), new LocalBus());
        Recorder bob = subscriber("bob");
        publish("/clients/alice/x");
        publish("/clients/alice/x");
        publish("/clients/bob/x");
        Message kept = publish("/clients/bob/x");

        Replay r = router.replayFor(bob, pattern("/clients/*/x"), new Since(0, null));

        assertThat(r.messages()).containsExactly(kept);
        assertThat(r.gaps()).containsExactly(new Replay.ChannelGap("/clients/bob/x", 1, 3));
    }

    @Test
    void retainedClearedByRetainedNullIsDeliveredLive() {
        Recorder s = subscriber("s", "/a");
        publishRetained("/a", "5");
        Message clearing = publishRetained("/a", "null");

        assertThat(s.got).endsWith(clearing);
        assertThat(router.retainedFor(s, pattern("/a"))).isEmpty();
    }

    @Test
    void hasSubscriberSeesPatterns() {
        subscriber("s", "/a/**");
        assertThat(router.hasSubscriber(path("/a/b/c"))).isTrue();
        assertThat(router.hasSubscriber(path("/b"))).isFalse();
    }
}
