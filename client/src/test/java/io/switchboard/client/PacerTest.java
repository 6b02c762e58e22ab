package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PacerTest {
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
    private final Pacer pacer = new Pacer(sent::add, nanos::get);

    @Test
    void sendsAtOnceWithinTheBudget() {
        IntStream.range(0, 100).forEach(i -> pacer.send("f" + i));
        assertThat(sent).hasSize(100);
    }

    @Test
    void holdsWhatIsOverTheBudgetAndDrainsItInOrder() {
        pacer.limit(10); // 90 %: 9 a second, a burst of 9
        IntStream.range(0, 12).forEach(i -> pacer.send("f" + i));
        assertThat(sent).hasSize(9);
        nanos.addAndGet(400_000_000L); // 3.6 tokens back
        pacer.drain();
        assertThat(sent).hasSize(12);
        assertThat(sent).containsSubsequence("f0", "f8", "f9", "f10");
    }

    @Test
    void whatWaitsGoesBehindTheQueueNotAhead() {
        pacer.limit(2); // 1.8 a second
        pacer.send("a");
        pacer.send("b");
        pacer.send("c");
        assertThat(sent).containsExactly("a");
    }

    @Test
    void clearForgetsWhatWaits() {
        pacer.limit(1);
        pacer.send("a");
        pacer.send("b");
        pacer.clear();
        nanos.addAndGet(1_200_000_000L);
        pacer.drain();
        assertThat(sent).containsExactly("a");
    }
}
