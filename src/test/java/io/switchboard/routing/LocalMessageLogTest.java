package io.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.channels.BadChannelException;
import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.protocol.Since;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalMessageLogTest {
    private static final long TTL = 1_000;
    private final AtomicLong now = new AtomicLong(5_000);

    private LocalMessageLog log(int history) {
        return new LocalMessageLog(history, TTL, now::get);
    }

    static ChannelPath path(String ch) {
        try {
            return ChannelPath.parse(ch);
        } catch (BadChannelException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ChannelPattern pattern(String p) {
        try {
            return ChannelPattern.parse(p);
        } catch (BadChannelException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Message append(MessageLog log, String ch, String data) {
        return log.append(path(ch), data, "tester", false);
    }

    private static Message retain(MessageLog log, String ch, String data) {
        return log.append(path(ch), data, "tester", true);
    }

    private static List<Long> offsets(List<Message> messages) {
        return messages.stream().map(Message::off).toList();
    }

    @Test
    void offsetsStrictlyIncreaseAcrossAllChannels() {
        LocalMessageLog log = log(100);
        assertThat(log.latestOffset()).isZero();
        List<Long> offs = List.of(append(log, "/a", "1"), append(log, "/b", "2"), append(log, "/a/c", "3"),
                append(log, "/a", "4")).stream().map(Message::off).toList();
        assertThat(offs).containsExactly(1L, 2L, 3L, 4L);
        assertThat(log.latestOffset()).isEqualTo(4);
    }

    @Test
    void eachLogHasItsOwnEpoch() {
        assertThat(log(1).epoch()).isNotBlank().isNotEqualTo(log(1).epoch());
    }

    /**
     * History of 3 on /a; offsets 2 and 4 go to /b, so /a holds 6,7,8 and lost 1,3,5.
     * The gap runs from since+1 to the last offset /a lost.
     */
    @ParameterizedTest(name = "since {0}: gap {1}..{2}, replay {3}")
    @CsvSource(delimiter = '|', value = {
            "0 | 1 | 5 | 6 7 8",
            "2 | 3 | 5 | 6 7 8",
            "4 | 5 | 5 | 6 7 8",
            "5 |   |   | 6 7 8",
            "7 |   |   | 8",
            "8 |   |   | ''",
    })
    void historyCapacityDropsOldestAndReplayReportsTheGap(long since, Long gapFrom, Long gapTo, String replayed) {
        LocalMessageLog log = log(3);
        for (String ch : List.of("/a", "/b", "/a", "/b", "/a", "/a", "/a", "/a")) {
            append(log, ch, "0");
        }
        Replay r = log.replay(pattern("/a"), new Since(since, null));

        assertThat(r.epochChanged()).isFalse();
        if (gapFrom == null) {
            assertThat(r.gaps()).isEmpty();
        } else {
            assertThat(r.gaps()).containsExactly(new Replay.ChannelGap("/a", gapFrom, gapTo));
        }
        List<Long> expected = replayed.isBlank() ? List.of()
                : java.util.Arrays.stream(replayed.trim().split(" ")).map(Long::valueOf).toList();
        assertThat(offsets(r.messages())).isEqualTo(expected);
    }

    @Test
    void replayOfAPatternMergesChannelsInOffsetOrderWithOneGapPerChannel() {
        LocalMessageLog log = log(1);
        append(log, "/s/a", "1");
        append(log, "/s/b", "2");
        append(log, "/s/a", "3");
        append(log, "/s/b", "4");
        append(log, "/other", "5");

        Replay r = log.replay(pattern("/s/*"), new Since(0, log.epoch()));

        assertThat(r.gaps()).containsExactly(new Replay.ChannelGap("/s/a", 1, 1), new Replay.ChannelGap("/s/b", 1, 2));
        assertThat(offsets(r.messages())).containsExactly(3L, 4L);
    }

    @Test
    void historyOfZeroStillReportsWhatWasNotKept() {
        LocalMessageLog log = log(0);
        append(log, "/a", "1");
        append(log, "/a", "2");

        Replay r = log.replay(pattern("/a"), new Since(0, null));

        assertThat(r.messages()).isEmpty();
        assertThat(r.gaps()).as("messages published after since and not held must be a gap")
                .containsExactly(new Replay.ChannelGap("/a", 1, 2));
    }

    @Test
    void messagesOlderThanTheTtlExpireAndBecomeAGap() {
        LocalMessageLog log = log(100);
        append(log, "/a", "1"); // at 5000
        now.addAndGet(600);
        append(log, "/a", "2"); // at 5600
        now.addAndGet(400);     // 6000: message 1 is exactly TTL old, still held

        assertThat(offsets(log.replay(pattern("/a"), new Since(0, null)).messages())).containsExactly(1L, 2L);
        assertThat(log.replay(pattern("/a"), new Since(0, null)).gaps()).isEmpty();

        now.addAndGet(1); // 6001: message 1 is past the TTL
        Replay r = log.replay(pattern("/a"), new Since(0, null));
        assertThat(r.gaps()).containsExactly(new Replay.ChannelGap("/a", 1, 1));
        assertThat(offsets(r.messages())).containsExactly(2L);

        now.addAndGet(600); // 6601: both gone; the channel is still known so the gap is still reported
        r = log.replay(pattern("/a"), new Since(0, null));
        assertThat(r.gaps()).containsExactly(new Replay.ChannelGap("/a", 1, 2));
        assertThat(r.messages()).isEmpty();
        assertThat(log.channels()).doesNotContain(path("/a"));
    }

    @Test
    void anUnknownEpochReplaysEverythingHeldWithoutChannelGaps() {
        LocalMessageLog log = log(2);
        append(log, "/a", "1");
        append(log, "/a", "2");
        append(log, "/a", "3");

        Replay r = log.replay(pattern("/a"), new Since(2, "not-" + log.epoch()));

        assertThat(r.epochChanged()).isTrue();
        assertThat(r.gaps()).isEmpty();
        assertThat(offsets(r.messages())).containsExactly(2L, 3L);
    }

    @Test
    void theCurrentEpochNamedExplicitlyIsLikeNoEpoch() {
        LocalMessageLog log = log(10);
        append(log, "/a", "1");
        append(log, "/a", "2");

        Replay named = log.replay(pattern("/a"), new Since(1, log.epoch()));
        Replay implicit = log.replay(pattern("/a"), new Since(1, null));

        assertThat(named.epochChanged()).isFalse();
        assertThat(offsets(named.messages())).containsExactly(2L).isEqualTo(offsets(implicit.messages()));
    }

    @Test
    void retainedValueIsKeptPerChannelUntilARetainedNullClearsIt() {
        LocalMessageLog log = log(10);
        Message first = retain(log, "/a", "1");
        retain(log, "/b", "\"b\"");
        append(log, "/a", "2"); // a plain publish does not clear it

        assertThat(log.retained(pattern("/a"))).containsExactly(first);

        Message second = retain(log, "/a", "3");
        assertThat(log.retained(pattern("/a"))).containsExactly(second);

        Message clearing = retain(log, "/a", "null");
        assertThat(log.retained(pattern("/a"))).isEmpty();
        assertThat(log.retained(pattern("/b"))).extracting(Message::data).containsExactly("\"b\"");
        // the clearing publish is kept in history like any other
        assertThat(log.replay(pattern("/a"), new Since(0, null)).messages()).contains(clearing);
    }

    @Test
    void retainedValuesOfAPatternComeInOffsetOrderAndSystemChannelsMustBeNamed() {
        LocalMessageLog log = log(10);
        retain(log, "/x/b", "1");
        retain(log, "/$sys/state", "2");
        retain(log, "/x/a", "3");

        assertThat(log.retained(pattern("/**"))).extracting(m -> m.channel().value()).containsExactly("/x/b", "/x/a");
        assertThat(log.retained(pattern("/$sys/*"))).extracting(m -> m.channel().value()).containsExactly("/$sys/state");
    }

    @Test
    void retainedValueOutlivesTheHistoryTtl() {
        LocalMessageLog log = log(10);
        Message r = retain(log, "/a", "1");
        now.addAndGet(10 * TTL);

        assertThat(log.retained(pattern("/a"))).containsExactly(r);
        assertThat(log.channels()).contains(path("/a"));
    }
}
