package io.switchboard.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The writer without a container: a fake sink, and tasks run when the test says. */
class SseStreamTest {
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final SseStats stats = new SseStats();
    private final AtomicInteger closes = new AtomicInteger();
    private final FakeSink sink = new FakeSink();
    private ExecutorService pool;

    @AfterEach
    void stopPool() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private SseStream stream(SseLimits limits) {
        SseStream s = new SseStream(limits, tasks::add, stats, now::get, closes::incrementAndGet);
        sink.connect(s);
        runTasks();
        return s;
    }

    private SseStream stream() {
        return stream(new SseLimits(1 << 20, 100, 15_000, 3_000, 0));
    }

    private void runTasks() {
        for (Runnable r; (r = tasks.poll()) != null; ) {
            r.run();
        }
    }

    @Test
    void theRetryHintGoesFirstThenEventsInOrderAndFlushed() {
        SseStream s = stream();
        assertThat(sink.text()).isEqualTo("retry: 3000\n\n");
        s.send("e:1", "msg", "one");
        s.send(SseEvent.of("e:2", "msg", "two"));
        assertThat(sink.text()).as("nothing is written on the sender's thread").isEqualTo("retry: 3000\n\n");
        runTasks();
        assertThat(sink.text()).isEqualTo("retry: 3000\n\nid: e:1\nevent: msg\ndata: one\n\nid: e:2\nevent: msg\ndata: two\n\n");
        assertThat(sink.flushes()).isGreaterThanOrEqualTo(2);
        assertThat(stats.eventsSent()).isEqualTo(2);
        assertThat(stats.open()).isEqualTo(1);
    }

    @Test
    void whatIsPendingGoesOutTogether() {
        SseStream s = stream();
        int before = sink.writes();
        for (int i = 0; i < 50; i++) {
            s.send(null, null, "n" + i);
        }
        runTasks();
        assertThat(sink.writes() - before).isEqualTo(1);
        assertThat(sink.text()).contains("data: n0\n\n").endsWith("data: n49\n\n");
    }

    @Test
    void aSinkThatIsNotReadyGetsNothingUntilItSaysItIsWritable() {
        SseStream s = stream();
        sink.ready(false);
        s.send(null, null, "held");
        runTasks();
        assertThat(sink.text()).doesNotContain("held");
        assertThat(s.queued()).isEqualTo(1);
        s.send(null, null, "more");
        assertThat(tasks).as("a blocked stream schedules no work per event").isEmpty();
        sink.ready(true);
        runTasks();
        assertThat(sink.text()).endsWith("data: held\n\ndata: more\n\n");
        assertThat(s.queued()).isZero();
    }

    @Test
    void passingTheEventBoundClosesTheStreamOnceAndCountsIt() {
        SseStream s = stream(new SseLimits(1 << 20, 3, 15_000, 0, 0));
        sink.ready(false);
        assertThat(s.send(null, null, "1")).isTrue();
        assertThat(s.send(null, null, "2")).isTrue();
        assertThat(s.send(null, null, "3")).isTrue();
        assertThat(s.send(null, null, "4")).isFalse();
        assertThat(s.isClosed()).isTrue();
        assertThat(s.send(null, null, "5")).isFalse();
        runTasks();
        assertThat(sink.completes()).isEqualTo(1);
        assertThat(closes).hasValue(1);
        assertThat(stats.slowClosed()).isEqualTo(1);
        assertThat(stats.open()).isZero();
        sink.ready(true);
        runTasks();
        assertThat(sink.text()).doesNotContain("data:");
        assertThat(closes).hasValue(1);
    }

    @Test
    void passingTheByteBoundClosesTheStream() {
        SseStream s = stream(new SseLimits(100, 1000, 15_000, 0, 0));
        sink.ready(false);
        assertThat(s.send(null, null, "x".repeat(60))).isTrue();
        assertThat(s.send(null, null, "x".repeat(60))).isFalse();
        runTasks();
        assertThat(s.isClosed()).isTrue();
        assertThat(stats.slowClosed()).isEqualTo(1);
        assertThat(closes).hasValue(1);
    }

    @Test
    void closeCompletesTheResponseAndRunsOnCloseOnce() {
        SseStream s = stream();
        s.close();
        s.close();
        runTasks();
        assertThat(sink.completes()).isEqualTo(1);
        assertThat(closes).hasValue(1);
        assertThat(stats.slowClosed()).isZero();
        assertThat(s.send(null, null, "late")).isFalse();
    }

    @Test
    void aFailedWriteEndsTheStream() {
        SseStream s = stream();
        sink.failNextWrite(new IOException("Broken pipe"));
        s.send(null, null, "x");
        runTasks();
        assertThat(s.isClosed()).isTrue();
        assertThat(closes).hasValue(1);
    }

    @Test
    void theClientGoingAwayEndsTheStream() {
        SseStream s = stream();
        s.ended(new IOException("reset"));
        runTasks();
        assertThat(s.isClosed()).isTrue();
        assertThat(closes).hasValue(1);
    }

    @Test
    void quietStreamsGetAHeartbeatComment() {
        SseStream s = stream();
        now.addAndGet(10_000);
        s.tick(now.get());
        runTasks();
        assertThat(sink.text()).doesNotContain(": hb");
        s.send(null, null, "x");
        now.addAndGet(10_000);
        s.tick(now.get());
        runTasks();
        assertThat(sink.text()).as("an event 10 s ago resets the quiet").doesNotContain(": hb");
        now.addAndGet(5_000);
        s.tick(now.get());
        runTasks();
        assertThat(sink.text()).endsWith(": hb\n\n");
        assertThat(stats.eventsSent()).isEqualTo(1);
    }

    @Test
    void maxAgeAndCloseAtEndTheStream() {
        SseStream old = stream(new SseLimits(1 << 20, 100, 15_000, 0, 30_000));
        now.addAndGet(29_999);
        old.tick(now.get());
        assertThat(old.isClosed()).isFalse();
        now.addAndGet(1);
        old.tick(now.get());
        assertThat(old.isClosed()).isTrue();

        SseStream s = new SseStream(SseLimits.DEFAULTS, tasks::add, stats, now::get, () -> { });
        s.closeAt(now.get() + 5);
        s.tick(now.get() + 4);
        assertThat(s.isClosed()).isFalse();
        s.tick(now.get() + 5);
        assertThat(s.isClosed()).isTrue();
    }

    @Test
    void closingBeforeTheSinkWasWritableStillEnds() {
        SseStream s = new SseStream(SseLimits.DEFAULTS, tasks::add, stats, now::get, closes::incrementAndGet);
        FakeSink idle = new FakeSink();
        s.attach(idle);
        s.send(null, null, "x");
        assertThat(tasks).as("no write before the first writable()").isEmpty();
        s.close();
        runTasks();
        assertThat(idle.completes()).isEqualTo(1);
        assertThat(idle.text()).isEmpty();
        assertThat(closes).hasValue(1);
    }

    /**
     * Senders on several threads while the sink flips between ready and not: every event arrives
     * once, each sender's in its order, with never two writers at once (FakeSink checks that).
     */
    @Test
    void concurrentSendersAndAFlappingSinkLoseNothing() throws Exception {
        pool = Executors.newFixedThreadPool(3);
        SseStream s = new SseStream(new SseLimits(1 << 26, 1_000_000, 15_000, 0, 0), pool, stats, now::get, () -> { });
        sink.connect(s);
        int senders = 4;
        int each = 5_000;
        CountDownLatch done = new CountDownLatch(senders);
        for (int t = 0; t < senders; t++) {
            int id = t;
            new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    s.send(null, null, id + ":" + i);
                }
                done.countDown();
            }).start();
        }
        for (int i = 0; done.getCount() > 0 && i < 100_000; i++) {
            sink.ready(i % 3 != 0);
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        sink.ready(true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (stats.eventsSent() < (long) senders * each && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(stats.eventsSent()).isEqualTo((long) senders * each);
        List<List<Integer>> seen = new ArrayList<>();
        for (int t = 0; t < senders; t++) {
            seen.add(new ArrayList<>());
        }
        for (String line : sink.text().split("\n")) {
            if (line.startsWith("data: ")) {
                String[] p = line.substring(6).split(":");
                seen.get(Integer.parseInt(p[0])).add(Integer.parseInt(p[1]));
            }
        }
        for (List<Integer> got : seen) {
            assertThat(got).hasSize(each);
            for (int i = 0; i < each; i++) {
                assertThat(got.get(i)).isEqualTo(i);
            }
        }
    }
}
