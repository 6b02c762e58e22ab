package io.switchboard.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutboxTest {
    private static final int LIMIT = 10;

    /** An open frame carrying its number, so that a resent frame can be recognised. */
    private static String frame(long n) {
        return "{\"op\":\"msg\",\"n\":" + n;
    }

    private static String sent(long n, long seq) {
        return frame(n) + ",\"seq\":" + seq + "}";
    }

    private static String gap(long from, long to) {
        return "{\"op\":\"gap\",\"from\":" + from + ",\"to\":" + to + ",\"seq\":" + to + "}";
    }

    private static List<String> drain(Outbox outbox) {
        List<String> out = new ArrayList<>();
        for (String f = outbox.next(); f != null; f = outbox.next()) {
            out.add(f);
        }
        return out;
    }

    private static Outbox attached(boolean resumable) {
        Outbox o = new Outbox(resumable, LIMIT);
        o.attach(0, null);
        return o;
    }

    /** Pushes frames numbered from..to (their seq is their number when nothing else was sent). */
    private static boolean pushAll(Outbox o, long from, long to) {
        boolean fits = true;
        for (long n = from; n <= to; n++) {
            fits = o.pushSequenced(frame(n));
        }
        return fits;
    }

    private static List<String> sentRange(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(n -> sent(n, n)).toList();
    }

    @Test
    void sequencedFramesAreNumberedInOrderAndTransientOnesCarryNoSeq() {
        Outbox o = attached(true);
        o.pushSequenced(frame(1));
        o.pushTransient("{\"op\":\"pong\"}");
        o.pushSequenced(frame(2));

        assertThat(drain(o)).containsExactly(sent(1, 1), "{\"op\":\"pong\"}", sent(2, 2));
        assertThat(o.lastSeq()).isEqualTo(2);
    }

    @Test
    void reattachSendsTheGreetingThenEveryUnackedFrameButNoTransientOnes() {
        Outbox o = attached(true);
        pushAll(o, 1, 2);
        o.pushTransient("{\"op\":\"ok\",\"id\":1}");
        pushAll(o, 3, 5);
        drain(o);
        o.detach();

        o.attach(0, "W");

        List<String> expected = new ArrayList<>(List.of("W"));
        expected.addAll(sentRange(1, 5));
        assertThat(drain(o)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "ack {0}, resume at {1}: resend from {2}")
    @CsvSource({"0, 0, 1", "2, 2, 3", "2, 0, 3", "0, 3, 4", "3, 1, 4", "5, 5, 6"})
    void resumeResendsExactlyTheUnackedFramesInOrder(long ack, long resumeSeq, long firstResent) {
        Outbox o = attached(true);
        pushAll(o, 1, 5);
        drain(o);
        assertThat(o.ack(ack)).isTrue();
        o.detach();
        pushAll(o, 6, 7); // queued while detached

        o.attach(resumeSeq, null);

        assertThat(drain(o)).isEqualTo(sentRange(firstResent, 7));
    }

    @Test
    void ackBeyondTheLastSeqIsRefusedAndChangesNothing() {
        Outbox o = attached(true);
        pushAll(o, 1, 3);
        drain(o);

        assertThat(o.ack(4)).isFalse();
        assertThat(o.depth()).isEqualTo(3);
        assertThat(o.ack(3)).isTrue();
        assertThat(o.depth()).isZero();
    }

    @Test
    void framesPushedWhileDetachedAreNotWrittenUntilAttached() {
        Outbox o = new Outbox(true, LIMIT);
        o.pushSequenced(frame(1));
        o.pushTransient("{\"op\":\"pong\"}");

        assertThat(o.hasToWrite()).isFalse();
        o.attach(0, null);
        assertThat(drain(o)).containsExactly(sent(1, 1));
    }

    @Test
    void anEphemeralOutboxKeepsNothingOnceWritten() {
        Outbox o = attached(false);
        pushAll(o, 1, 3);

        assertThat(drain(o)).isEqualTo(sentRange(1, 3));
        assertThat(o.depth()).isZero();
        o.detach();
        o.pushSequenced(frame(4)); // nobody to write it to
        o.attach(0, "W");
        assertThat(drain(o)).containsExactly("W");
        assertThat(o.lastSeq()).isEqualTo(4);
    }

    @Test
    void overflowIsReportedWhenTheUnackedFramesPassTheLimit() {
        Outbox o = attached(true);
        assertThat(pushAll(o, 1, LIMIT)).isTrue();
        drain(o);
        assertThat(o.pushSequenced(frame(LIMIT + 1))).isFalse();
    }

    /** A resume shed before anything was written: the client still gets its welcome, then the close. */
    @Test
    void aResumeShedAtOnceStillWritesItsWelcomeButNothingElse() {
        Outbox o = attached(true);
        pushAll(o, 1, LIMIT);
        drain(o);
        o.detach();
        o.attach(2, "W");
        pushAll(o, LIMIT + 1, LIMIT + 4);

        assertThat(o.shed()).isPositive();

        assertThat(drain(o)).containsExactly("W");
    }

    /**
     * Eleven frames in a queue of ten: the oldest six go (down to half the limit) and become one gap
     * that stands at seq 6, followed by 7..11 with nothing else missing.
     */
    @ParameterizedTest(name = "resume at {0}")
    @CsvSource(nullValues = "-", value = {"0, 1, 6", "3, 4, 6", "5, 6, 6", "6, -, -", "8, -, -"})
    void overflowDropsTheOldestToHalfAndResumeStartsWithTheGap(long resumeSeq, Long gapFrom, Long gapTo) {
        Outbox o = attached(true);
        pushAll(o, 1, LIMIT + 1);
        drain(o);

        assertThat(o.shed()).isEqualTo(6);
        assertThat(o.depth()).isEqualTo(LIMIT / 2);
        assertThat(o.droppedCount()).isEqualTo(6);
        o.detach();

        o.attach(resumeSeq, "W");

        List<String> expected = new ArrayList<>(List.of("W"));
        if (gapFrom != null) {
            expected.add(gap(gapFrom, gapTo));
        }
        expected.addAll(sentRange(Math.max(7, resumeSeq + 1), LIMIT + 1));
        assertThat(drain(o)).isEqualTo(expected);
    }

    @Test
    void theGapIsSentAgainUntilAckedPastIt() {
        Outbox o = attached(true);
        pushAll(o, 1, LIMIT + 1);
        o.shed();
        o.detach();
        o.attach(0, null);
        assertThat(drain(o)).startsWith(gap(1, 6));
        o.detach();

        o.attach(0, null);
        assertThat(drain(o)).first().isEqualTo(gap(1, 6));
        o.ack(6);
        o.detach();

        o.attach(6, null);
        assertThat(drain(o)).isEqualTo(sentRange(7, LIMIT + 1));
    }

    @Test
    void aSecondOverflowBeforeTheGapIsAckedWidensTheSameGap() {
        Outbox o = attached(true);
        pushAll(o, 1, 11);
        o.shed(); // 1..6 gone, 7..11 kept
        assertThat(pushAll(o, 12, 16)).isTrue(); // 7..16: ten unacked
        assertThat(o.pushSequenced(frame(17))).isFalse();
        assertThat(o.shed()).isEqualTo(6); // 7..12 gone
        o.detach();

        o.attach(0, null);

        List<String> expected = new ArrayList<>(List.of(gap(1, 12)));
        expected.addAll(sentRange(13, 17));
        assertThat(drain(o)).isEqualTo(expected);
    }

    @Test
    void anEphemeralOutboxOverflowsOnUnwrittenFramesAndShedsThem() {
        Outbox o = attached(false);
        assertThat(pushAll(o, 1, LIMIT)).isTrue();
        assertThat(o.pushSequenced(frame(LIMIT + 1))).isFalse();

        assertThat(o.shed()).isEqualTo(LIMIT + 1);
        assertThat(o.hasToWrite()).isFalse();
    }

    @ParameterizedTest(name = "maxChars {0}: {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "11  | aaaa\\nbbb\\ncc | -   | -",
            "10  | aaaa\\nbbb      | cc  | -",
            "8   | aaaa\\nbbb      | cc  | -",
            "7   | aaaa           | bbb\\ncc | -",
            "2   | aaaa           | bbb | cc",
    })
    void nextBatchJoinsFramesWithNewlinesWithinMaxChars(int maxChars, String first, String second, String third) {
        Outbox o = attached(true);
        o.pushTransient("aaaa");
        o.pushTransient("bbb");
        o.pushTransient("cc");

        List<String> batches = new ArrayList<>();
        for (String b = o.nextBatch(maxChars); b != null; b = o.nextBatch(maxChars)) {
            batches.add(b);
        }
        List<String> expected = new ArrayList<>();
        for (String s : new String[] {first, second, third}) {
            if (s != null) {
                expected.add(s.replace("\\n", "\n"));
            }
        }
        assertThat(batches).isEqualTo(expected);
    }

    /** The count of unwritten characters follows every way frames enter and leave the write queue. */
    @ParameterizedTest
    @CsvSource({"true", "false"})
    void unwrittenCharsCountsWhatWaitsToBeWrittenThroughWritesTakesAndReattaches(boolean resumable) {
        Outbox o = attached(resumable);
        o.pushSequenced(frame(1));
        o.pushTransient("{\"op\":\"pong\"}");
        o.pushSequenced(frame(2));
        assertThat(o.unwrittenChars()).isEqualTo(drainedChars(o)).isPositive();
        assertThat(o.unwrittenChars()).isZero();

        o.pushSequenced(frame(3));
        o.pushSequenced(frame(4));
        o.next();
        assertThat(o.unwrittenChars()).isEqualTo(sent(4, 4).length());
        o.detach();
        assertThat(o.unwrittenChars()).isZero();

        o.attach(2, "{\"op\":\"welcome\"}");
        long resent = o.unwrittenChars();
        assertThat(resent).as("the welcome, and for a resumable session frames 3 and 4 again").isEqualTo(drainedChars(o));
        o.pushSequenced(frame(5));
        o.shed();
        assertThat(o.unwrittenChars()).isEqualTo(drainedChars(o));
    }

    /** Drains the queue and counts the characters of what came out. */
    private static long drainedChars(Outbox o) {
        return drain(o).stream().mapToLong(String::length).sum();
    }
}
