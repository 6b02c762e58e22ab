package io.switchboard.routing;

import static io.switchboard.routing.LocalMessageLogTest.path;
import static io.switchboard.routing.LocalMessageLogTest.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Since;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** limits.historyBytes and the timer's sweep (docs/protocol.md, Budgets): history and retained values stay within one budget. */
class HistoryBudgetTest {
    private static final long TTL = 10_000;
    private static final long RETAINED_TTL = 60_000;
    private final AtomicLong now = new AtomicLong(1_000_000);

    private LocalMessageLog log(long maxBytes) {
        return new LocalMessageLog(100, TTL, RETAINED_TTL, maxBytes, now::get);
    }

    private static String data(int size) {
        return "\"" + "d".repeat(size) + "\"";
    }

    @ParameterizedTest(name = "{0} channels x {1} messages of {2} chars within {3} bytes")
    @CsvSource({"1, 1000, 1000, 50000", "1000, 1, 1000, 200000", "300, 10, 500, 100000", "5000, 2, 100, 300000"})
    void floodingHistoryNeverPassesTheBudgetAndWhatWentIsAGap(int channels, int perChannel, int size, long budget) {
        LocalMessageLog log = log(budget);
        long maxSeen = 0;
        for (int i = 0; i < perChannel; i++) {
            for (int c = 0; c < channels; c++) {
                log.append(path("/flood/" + c), data(size), "f", false);
                maxSeen = Math.max(maxSeen, log.heldBytes());
            }
        }
        // One append may pass it before the store evicts: by at most that message.
        assertThat(maxSeen).isLessThanOrEqualTo(budget + size + 200 + ChannelHistory.OVERHEAD);
        assertThat(log.heldBytes()).isLessThanOrEqualTo(budget);
        assertThat(log.evictedForBudget()).isPositive();
        Replay r = log.replay(pattern("/flood/0"), new Since(0, log.epoch()));
        assertThat(r.gaps()).as("a since from the start is told what went").isNotEmpty();
        assertThat(r.gaps().get(0).from()).isEqualTo(1);
    }

    @Test
    void theNewestHistoryStaysWhenTheOldestGoes() {
        LocalMessageLog log = log(50_000);
        for (int i = 0; i < 200; i++) {
            log.append(path("/a"), data(1000), "f", false);
            log.append(path("/b"), data(1000), "f", false);
        }
        long latest = log.latestOffset();
        Replay r = log.replay(pattern("/**"), new Since(latest - 4, log.epoch()));
        assertThat(r.messages()).extracting(Message::off).containsExactly(latest - 3, latest - 2, latest - 1, latest);
    }

    @Test
    void retainedValuesPastTheBudgetAreRefusedButClearingAndReplacingFit() {
        LocalMessageLog log = log(100_000);
        int kept = 0;
        for (int c = 0; c < 1000; c++) {
            long size = 1000 + 200;
            if (!log.admitsRetained(size)) {
                break;
            }
            log.append(path("/r/" + c), data(1000), "f", true);
            kept++;
        }
        assertThat(kept).as("7/8 of 100 KB at about 1.4 KB each").isBetween(55, 70);
        assertThat(log.heldBytes()).isLessThanOrEqualTo(100_000);
        assertThat(log.retained(pattern("/r/**"))).hasSize(kept);
        log.append(path("/r/0"), "null", "f", true);
        assertThat(log.admitsRetained(1200)).as("a cleared value frees its room").isTrue();
    }

    @Test
    void theSweepExpiresHistoryAndRetainedValuesOnChannelsNobodyTouchesAgain() {
        LocalMessageLog log = log(64L << 20);
        for (int c = 0; c < 2000; c++) {
            log.append(path("/quiet/" + c), data(2000), "f", c % 2 == 0);
        }
        long full = log.heldBytes();
        assertThat(full).isGreaterThan(2000L * 2000);
        now.addAndGet(TTL + 1);
        log.sweep();
        long afterHistory = log.heldBytes();
        assertThat(afterHistory).as("history gone, half the channels keep their retained value")
                .isBetween(1000L * 2000, full * 6 / 10);
        assertThat(log.retained(pattern("/quiet/**"))).hasSize(1000);
        now.addAndGet(RETAINED_TTL);
        log.sweep();
        assertThat(log.retained(pattern("/quiet/**"))).isEmpty();
        assertThat(log.heldBytes()).as("only the empty entries' overhead").isLessThanOrEqualTo(2000 * ChannelHistory.OVERHEAD);
        assertThat(log.channels()).isEmpty();
    }

    @Test
    void emptyEntriesAreForgottenForRoomAndAForgottenChannelStillReportsItsGap() {
        LocalMessageLog log = log(2000L * ChannelHistory.OVERHEAD);
        for (int c = 0; c < 1000; c++) {
            log.append(path("/once/" + c), data(10), "f", false);
        }
        long before = log.latestOffset();
        now.addAndGet(TTL + 1);
        for (int c = 0; c < 3000; c++) {
            log.append(path("/new/" + c), data(10), "f", false);
        }
        assertThat(log.heldBytes()).isLessThanOrEqualTo(2000L * ChannelHistory.OVERHEAD);
        Replay r = log.replay(pattern("/once/5"), new Since(0, log.epoch()));
        assertThat(r.messages()).isEmpty();
        assertThat(r.gaps()).as("what /once/5 held is gone: said, not silent").isNotEmpty();
        assertThat(r.gaps()).allSatisfy(g -> assertThat(g.to()).isGreaterThanOrEqualTo(6));
        assertThat(before).isEqualTo(1000);
    }

    @Test
    void withoutPressureNothingIsForgottenAndAFreshChannelHasNoGap() {
        LocalMessageLog log = log(64L << 20);
        log.append(path("/a"), data(10), "f", false);
        now.addAndGet(TTL + 1);
        log.sweep();
        Replay fresh = log.replay(pattern("/b"), new Since(0, log.epoch()));
        assertThat(fresh.gaps()).isEmpty();
        Replay old = log.replay(pattern("/a"), new Since(0, log.epoch()));
        assertThat(old.gaps()).extracting(Replay.ChannelGap::ch).containsExactly("/a");
    }

    @Test
    void theAccountingReturnsToTheEntriesAloneWhenEverythingIsClearedOrExpired() {
        LocalMessageLog log = log(64L << 20);
        for (int i = 0; i < 300; i++) {
            log.append(path("/x/" + (i % 7)), data(i), "f", i % 3 == 0);
        }
        for (int c = 0; c < 7; c++) {
            log.append(path("/x/" + c), "null", "f", true);
        }
        now.addAndGet(TTL + 1);
        log.sweep();
        assertThat(log.heldBytes()).isEqualTo(7 * ChannelHistory.OVERHEAD);
    }
}
