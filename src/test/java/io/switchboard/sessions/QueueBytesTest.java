package io.switchboard.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** limits.queueBytes: a session's queue is bounded by the characters it holds as well as by its frame count. */
class QueueBytesTest {
    /** An open frame of about {@code size} characters carrying its number. */
    private static String frame(long n, int size) {
        return "{\"op\":\"msg\",\"n\":" + n + ",\"pad\":\"" + "x".repeat(size) + "\"";
    }

    private static List<String> drain(Outbox o) {
        List<String> out = new ArrayList<>();
        for (String f = o.next(); f != null; f = o.next()) {
            out.add(f);
        }
        return out;
    }

    @ParameterizedTest(name = "{0} frames of {1} chars within {2} chars")
    @CsvSource({"5, 100, 4000", "10, 1000, 4000", "100, 100, 2000", "50, 5000, 60000", "3, 30000, 64000"})
    void aResumableQueueThatPassesItsBytesIsShedToHalfAndTheResumeStartsWithAGap(int frames, int size, long budget) {
        Outbox o = new Outbox(true, 1_000_000, budget);
        o.attach(0, null);
        boolean overflowed = false;
        long firstOverflow = 0;
        for (int n = 1; n <= frames && !overflowed; n++) {
            if (!o.pushSequenced(frame(n, size))) {
                overflowed = true;
                firstOverflow = n;
            }
        }
        long total = (long) frames * (size + 30);
        assertThat(overflowed).as("overflows iff the frames pass the budget").isEqualTo(total > budget);
        if (!overflowed) {
            assertThat(o.bytes()).isLessThanOrEqualTo(budget);
            return;
        }
        int dropped = o.shed();
        assertThat(dropped).isPositive();
        assertThat(o.bytes()).isLessThanOrEqualTo(budget / 2);
        assertThat(o.depth()).isEqualTo((int) firstOverflow - dropped);
        o.attach(0, null);
        List<String> resent = drain(o);
        assertThat(resent.get(0)).isEqualTo("{\"op\":\"gap\",\"from\":1,\"to\":" + dropped + ",\"seq\":" + dropped + "}");
        assertThat(resent.get(1)).startsWith("{\"op\":\"msg\",\"n\":" + (dropped + 1) + ",");
        assertThat(resent).hasSize(1 + o.depth());
    }

    @Test
    void acksFreeTheBytesTheyCover() {
        Outbox o = new Outbox(true, 100, 1_000_000);
        o.attach(0, null);
        for (int n = 1; n <= 10; n++) {
            o.pushSequenced(frame(n, 100));
        }
        long all = o.bytes();
        assertThat(all).isGreaterThan(1000);
        o.ack(5);
        assertThat(o.bytes()).isBetween(all / 2 - 20, all / 2 + 20);
        o.ack(10);
        assertThat(o.bytes()).isZero();
    }

    @Test
    void aSessionWithoutResumeCountsWhatWaitsToBeWrittenAndWritingFreesIt() {
        Outbox o = new Outbox(false, 1000, 5000);
        o.attach(0, null);
        assertThat(o.pushSequenced(frame(1, 2000))).isTrue();
        assertThat(o.pushSequenced(frame(2, 2000))).isTrue();
        assertThat(o.next()).startsWith("{\"op\":\"msg\",\"n\":1,");
        assertThat(o.bytes()).isBetween(2000L, 2100L);
        assertThat(o.pushSequenced(frame(3, 2000))).isTrue();
        assertThat(o.pushSequenced(frame(4, 2000))).as("past 5000 characters").isFalse();
        assertThat(o.shed()).isEqualTo(3);
        assertThat(o.bytes()).isZero();
    }

    @Test
    void theFrameCountLimitStillHoldsWhenBytesAreFine() {
        Outbox o = new Outbox(true, 4, Long.MAX_VALUE);
        o.attach(0, null);
        for (int n = 1; n <= 4; n++) {
            assertThat(o.pushSequenced(frame(n, 1))).isTrue();
        }
        assertThat(o.pushSequenced(frame(5, 1))).isFalse();
    }

    @Test
    void recentIdsAreBoundedByCountAndByTheCharactersOfTheirAnswers() {
        RecentIds ids = new RecentIds(3, 1000);
        ids.remember("a", "x".repeat(10));
        ids.remember("b", "x".repeat(10));
        ids.remember("c", "x".repeat(10));
        ids.remember("d", "x".repeat(10));
        assertThat(ids.size()).isEqualTo(3);
        assertThat(ids.answerTo("a")).isNull();
        ids.remember("e", "y".repeat(990));
        assertThat(ids.chars()).isLessThanOrEqualTo(1000);
        assertThat(ids.answerTo("e")).hasSize(990);
        assertThat(ids.answerTo("b")).isNull();
        assertThat(ids.size()).as("c and d went to make room").isEqualTo(1);
        ids.remember("e", "z");
        assertThat(ids.chars()).isEqualTo(2);
    }
}
