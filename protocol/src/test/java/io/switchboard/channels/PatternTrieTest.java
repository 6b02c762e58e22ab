package io.switchboard.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PatternTrieTest {

    private final PatternTrie<String> trie = new PatternTrie<>();

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @MethodSource("io.switchboard.channels.ChannelPatternTest#matchTable")
    void agreesWithTheMatchTable(String pattern, String channel, boolean expected) throws BadChannelException {
        trie.add(pattern(pattern), "s");
        ChannelPath path = path(channel);
        assertThat(trie.hasMatch(path)).isEqualTo(expected);
        assertThat(trie.match(path)).isEqualTo(expected ? java.util.Set.of("s") : java.util.Set.of());
    }

    @Test
    void deliversEachSubscriberOnceEvenWhenSeveralPatternsMatch() throws BadChannelException {
        trie.add(pattern("/a/*"), "s");
        trie.add(pattern("/a/**"), "s");
        trie.add(pattern("/a/b"), "s");
        trie.add(pattern("/**"), "t");
        assertThat(deliveries("/a/b")).containsExactlyInAnyOrder("s", "t");
        assertThat(deliveries("/a")).containsExactlyInAnyOrder("s", "t");
        assertThat(deliveries("/b")).containsExactly("t");
    }

    @Test
    void deliversOnceWhenOnePatternMatchesInSeveralWays() throws BadChannelException {
        trie.add(pattern("/**/a/**"), "s");
        assertThat(deliveries("/a/a/a")).containsExactly("s");
    }

    @Test
    void addIsIdempotentAndCountsPairs() throws BadChannelException {
        assertThat(trie.isEmpty()).isTrue();
        assertThat(trie.add(pattern("/a/*"), "s")).isTrue();
        assertThat(trie.add(pattern("/a/*"), "s")).isFalse();
        assertThat(trie.add(pattern("a//*/"), "s")).isFalse();
        assertThat(trie.add(pattern("/a/*"), "t")).isTrue();
        assertThat(trie.add(pattern("/a/**"), "s")).isTrue();
        assertThat(trie.size()).isEqualTo(3);
        assertThat(trie.isEmpty()).isFalse();
    }

    @Test
    void removeReportsWhetherThePairWasThere() throws BadChannelException {
        trie.add(pattern("/a/b/c"), "s");
        assertThat(trie.remove(pattern("/a/b/c"), "t")).isFalse();
        assertThat(trie.remove(pattern("/a/b"), "s")).isFalse();
        assertThat(trie.remove(pattern("/a/b/c/d"), "s")).isFalse();
        assertThat(trie.remove(pattern("/a/*/c"), "s")).isFalse();
        assertThat(trie.remove(pattern("/a/b/c"), "s")).isTrue();
        assertThat(trie.remove(pattern("/a/b/c"), "s")).isFalse();
        assertThat(trie.size()).isZero();
        assertThat(trie.hasMatch(path("/a/b/c"))).isFalse();
    }

    @Test
    void removeKeepsOtherPatternsThatShareThePrefix() throws BadChannelException {
        trie.add(pattern("/a/b/c"), "s");
        trie.add(pattern("/a/b"), "s");
        trie.add(pattern("/a/*/c"), "t");
        trie.add(pattern("/a/**"), "u");
        trie.remove(pattern("/a/b/c"), "s");
        assertThat(trie.match(path("/a/b"))).containsExactlyInAnyOrder("s", "u");
        assertThat(trie.match(path("/a/b/c"))).containsExactlyInAnyOrder("t", "u");
        trie.remove(pattern("/a/**"), "u");
        trie.remove(pattern("/a/*/c"), "t");
        assertThat(trie.match(path("/a/b/c"))).isEmpty();
        assertThat(trie.match(path("/a/b"))).containsExactly("s");
    }

    @Test
    void prunedBranchesCanBeRebuilt() throws BadChannelException {
        for (int round = 0; round < 3; round++) {
            trie.add(pattern("/x/**/y/*"), "s");
            assertThat(trie.match(path("/x/q/y/z"))).containsExactly("s");
            trie.remove(pattern("/x/**/y/*"), "s");
            assertThat(trie.hasMatch(path("/x/q/y/z"))).isFalse();
        }
        assertThat(trie.isEmpty()).isTrue();
    }

    @Test
    void severalSubscribersOnSeveralPatterns() throws BadChannelException {
        trie.add(pattern("/sensors/kitchen/temp"), "exact");
        trie.add(pattern("/sensors/*/temp"), "anyRoom");
        trie.add(pattern("/sensors/**"), "allSensors");
        trie.add(pattern("/**/temp"), "allTemps");
        trie.add(pattern("/$sys/**"), "ops");
        assertThat(trie.match(path("/sensors/kitchen/temp")))
                .containsExactlyInAnyOrder("exact", "anyRoom", "allSensors", "allTemps");
        assertThat(trie.match(path("/sensors/hall/humidity"))).containsExactly("allSensors");
        assertThat(trie.match(path("/$sys/temp"))).containsExactly("ops");
        assertThat(trie.match(path("/doors/front"))).isEmpty();
    }

    @Test
    void sinkMayChangeTheTrieWhileBeingCalled() throws BadChannelException {
        ChannelPattern exact = pattern("/a");
        ChannelPattern any = pattern("/*");
        trie.add(exact, "s");
        trie.add(any, "t");
        List<String> seen = new ArrayList<>();
        trie.match(path("/a"), s -> {
            seen.add(s);
            trie.remove(exact, "s");
            trie.remove(any, "t");
        });
        assertThat(seen).isNotEmpty();
        assertThat(trie.isEmpty()).isTrue();
    }

    // A matcher that backtracks over runs of ** walks ~C(32,16) paths per match here: hours, not
    // the milliseconds this takes. The ceiling tells those apart without timing a busy machine.
    @Test
    @Timeout(60)
    void longRunsOfDoubleStarStayCheap() throws BadChannelException {
        trie.add(pattern("/**".repeat(16)), "runs");
        trie.add(pattern("/**/*".repeat(8)), "alternating");
        trie.add(pattern("/**/*/*".repeat(5)), "sparse");
        ChannelPath deep = path("/x".repeat(16));
        for (int i = 0; i < 200; i++) {
            assertThat(trie.match(deep)).containsExactlyInAnyOrder("runs", "alternating", "sparse");
        }
    }

    @Test
    void rejectsNullSubscribers() throws BadChannelException {
        ChannelPattern p = pattern("/a");
        assertThatThrownBy(() -> trie.add(p, null)).isInstanceOf(NullPointerException.class);
    }

    private List<String> deliveries(String channel) throws BadChannelException {
        List<String> delivered = new ArrayList<>();
        trie.match(path(channel), delivered::add);
        return delivered;
    }

    static ChannelPattern pattern(String raw) throws BadChannelException {
        return ChannelPattern.parse(raw);
    }

    static ChannelPath path(String raw) throws BadChannelException {
        return ChannelPath.parse(raw);
    }
}
