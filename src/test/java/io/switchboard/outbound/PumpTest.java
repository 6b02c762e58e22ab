package io.switchboard.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one outbound path: one write in flight, close after what is in flight, abort after the grace. */
class PumpTest {

    /** A wire whose writes complete only when the test says so (a peer that reads when told). */
    static class HeldWire implements Wire {
        final List<List<String>> writes = new ArrayList<>();
        final List<CompletableFuture<Void>> pending = new ArrayList<>();
        int closedWith;
        int pings;
        volatile boolean aborted;
        volatile boolean open = true;

        @Override
        public synchronized CompletionStage<Void> write(List<String> frames, boolean joined) {
            writes.add(frames);
            CompletableFuture<Void> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }

        void completeAll() {
            List<CompletableFuture<Void>> now;
            synchronized (this) {
                now = new ArrayList<>(pending);
                pending.clear();
            }
            now.forEach(f -> f.complete(null));
        }

        synchronized List<String> written() {
            return writes.stream().flatMap(List::stream).toList();
        }

        @Override
        public CompletionStage<Void> close(int code, String reason) {
            closedWith = code;
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void abort() {
            aborted = true;
        }

        @Override
        public boolean isOpen() {
            return open && !aborted;
        }

        @Override
        public void ping() {
            pings++;
        }
    }

    /** A backlog of numbered frames; {@code endless} refills itself, as a channel that never goes quiet. */
    static final class Numbers implements Backlog {
        final List<String> queued = new ArrayList<>();
        boolean endless;
        int next;

        synchronized void add(int n) {
            for (int i = 0; i < n; i++) {
                queued.add("f" + next++);
            }
        }

        @Override
        public synchronized int drainTo(List<String> out, int maxChars) {
            if (endless) {
                add(3);
            }
            out.addAll(queued);
            int n = queued.size();
            queued.clear();
            return n;
        }

        @Override
        public synchronized boolean isEmpty() {
            return !endless && queued.isEmpty();
        }

        @Override
        public boolean joined() {
            return false;
        }
    }

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicInteger aborts = new AtomicInteger();
    private final HeldWire wire = new HeldWire();
    private final Numbers backlog = new Numbers();

    @AfterEach
    void stopTimers() {
        timers.shutdownNow();
    }

    private Pump pump(long grace) {
        return new Pump(wire, backlog, Runnable::run, timers, now::get, grace, n -> { }, aborts::incrementAndGet);
    }

    @Test
    void oneWriteInFlightAndWhatPiledUpGoesTogetherNext() {
        Pump p = pump(60_000);
        backlog.add(1);
        p.wake();
        backlog.add(3);
        p.wake();
        assertThat(wire.writes).hasSize(1);
        wire.completeAll();
        assertThat(wire.writes).hasSize(2);
        assertThat(wire.writes.get(1)).containsExactly("f1", "f2", "f3");
    }

    @Test
    void closeGoesAfterTheWriteInFlightAndOneLastBatchNotAfterWhatComesLater() {
        Pump p = pump(60_000);
        backlog.add(1);
        p.wake();
        backlog.add(2); // pending when the close is asked for: the error that explains it, say
        p.close(1013, "slow consumer");
        assertThat(wire.closedWith).as("the write in flight comes first").isZero();
        wire.completeAll();
        assertThat(wire.writes).hasSize(2);
        backlog.add(5); // queued while the last batch is in flight: stays in the backlog
        wire.completeAll();
        assertThat(wire.closedWith).isEqualTo(1013);
        assertThat(wire.written()).containsExactly("f0", "f1", "f2");
        assertThat(backlog.queued).hasSize(5);
    }

    @Test
    void aChannelThatNeverGoesQuietCannotPutTheCloseOff() {
        Pump p = pump(60_000);
        backlog.endless = true;
        p.wake();
        p.close(1001, "going");
        for (int i = 0; i < 5 && wire.closedWith == 0; i++) {
            wire.completeAll();
        }
        assertThat(wire.closedWith).isEqualTo(1001);
        assertThat(wire.writes).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void aPeerThatCannotTakeTheCloseIsAbortedAfterTheGrace() {
        Pump p = pump(50);
        backlog.add(1);
        p.wake(); // this write never completes: the peer stopped reading
        p.close(1013, "slow consumer");
        await().atMost(Duration.ofSeconds(30)).until(() -> wire.aborted);
        assertThat(wire.closedWith).as("the close could not be written").isZero();
        assertThat(aborts).hasValue(1);
    }

    @Test
    void aClosedPeerIsNotAborted() throws Exception {
        // The peer answers the close as it is written: however late the grace task runs, the socket is closed by then.
        HeldWire answering = new HeldWire() {
            @Override
            public CompletionStage<Void> close(int code, String reason) {
                open = false;
                return super.close(code, reason);
            }
        };
        Pump p = new Pump(answering, backlog, Runnable::run, timers, now::get, 50, n -> { }, aborts::incrementAndGet);
        p.close(1000, "bye");
        assertThat(answering.closedWith).isEqualTo(1000);
        // The grace task runs on the single timer thread: a task queued after it runs after it.
        timers.schedule(() -> { }, 60, TimeUnit.MILLISECONDS).get(30, TimeUnit.SECONDS);
        assertThat(answering.aborted).isFalse();
        assertThat(aborts).hasValue(0);
    }

    @Test
    void aWriteStuckLongerThanTheGraceIsAbortedByThePing() {
        Pump p = pump(10_000);
        backlog.add(1);
        p.wake();
        now.addAndGet(5_000);
        p.ping();
        assertThat(wire.aborted).isFalse();
        assertThat(wire.pings).isEqualTo(1);
        now.addAndGet(6_000);
        p.ping();
        assertThat(wire.aborted).isTrue();
        assertThat(wire.pings).isEqualTo(1);
    }

    @Test
    void aFailedWriteAbortsOnceAndNothingMoreIsWritten() {
        Wire failing = new HeldWire() {
            @Override
            public synchronized CompletionStage<Void> write(List<String> frames, boolean joined) {
                writes.add(frames);
                return CompletableFuture.failedFuture(new IOException("reset"));
            }
        };
        Pump p = new Pump(failing, backlog, Runnable::run, timers, now::get, 60_000, n -> { }, aborts::incrementAndGet);
        backlog.add(1);
        p.wake();
        backlog.add(1);
        p.wake();
        p.close(1000, "");
        assertThat(((HeldWire) failing).writes).hasSize(1);
        assertThat(((HeldWire) failing).aborted).isTrue();
        assertThat(((HeldWire) failing).closedWith).isZero();
        assertThat(aborts).hasValue(1);
    }
}
