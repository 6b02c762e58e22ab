package io.switchboard.outbound;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * The single writer of one connection, whatever the transport. Every transport's outbound side is
 * this pump over its {@link Wire}; what the rules below say holds on all of them alike.
 * <ul>
 * <li><b>One write in flight.</b> The pump takes everything pending (up to {@link #WRITE_CHARS}) and
 *     hands it to the wire as one write; the write's completion resumes it. What piles up meanwhile
 *     goes out together in the next write, so a busy connection costs one write per flush.</li>
 * <li><b>Close after what is in flight</b>. Once a close is asked for, the pump writes
 *     one last batch of what is pending right then (so an error goes out before the close that it
 *     explains) and then the close, never everything still queued: a channel that never goes quiet
 *     cannot put the close off. What was not written stays in the backlog (a session keeps it for a
 *     resume).</li>
 * <li><b>Abort after a grace.</b> A connection still open {@code graceMillis} after its close was
 *     asked for, or whose write has been in flight longer than the write timeout (checked on each
 *     {@link #ping}), is aborted: a peer that stopped reading cannot pin it.</li>
 * <li><b>One failure policy.</b> A write that fails aborts the connection; nothing more is written.
 *     {@code onAbort} hears of it once, so the transport can end the connection if its stack does not
 *     report the close by itself.</li>
 * </ul>
 * {@code scheduled} guards against a second pump: whoever sets it runs the pump until the backlog
 * is empty, and clears it only then (re-checking after, so a frame added in between is not missed).
 */
public final class Pump {
    private static final System.Logger LOG = System.getLogger(Pump.class.getName());
    /** The most characters one write carries. */
    public static final int WRITE_CHARS = 64 * 1024;

    private record Closing(int code, String reason) {
    }

    private final Wire wire;
    private final Backlog backlog;
    private final Executor executor;
    private final ScheduledExecutorService timers;
    private final LongSupplier clock;
    private final long graceMillis;
    private final IntConsumer wrote;
    private final Runnable onAbort;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicReference<Closing> closing = new AtomicReference<>();
    private final AtomicBoolean aborted = new AtomicBoolean();
    /** Touched only by the thread running the pump. */
    private final List<String> batch = new ArrayList<>();
    private volatile boolean lastBatchTaken;
    private volatile boolean closeWritten;
    /** When the write in flight started (clock millis), 0 when none is. */
    private volatile long writingSince;

    /**
     * @param graceMillis how long a connection may stay open after its close was asked for, and how
     *                    long one write may be in flight, before it is aborted
     * @param wrote       told how many frames each write carries (for the metrics)
     * @param onAbort     told once if the connection is aborted
     */
    public Pump(Wire wire, Backlog backlog, Executor executor, ScheduledExecutorService timers, LongSupplier clock,
                long graceMillis, IntConsumer wrote, Runnable onAbort) {
        this.wire = wire;
        this.backlog = backlog;
        this.executor = executor;
        this.timers = timers;
        this.clock = clock;
        this.graceMillis = graceMillis;
        this.wrote = wrote;
        this.onAbort = onAbort;
    }

    /** The backlog has frames to write; returns at once. */
    public void wake() {
        if (scheduled.compareAndSet(false, true)) {
            submit();
        }
    }

    /** Closes after the write in flight and one last batch; aborts if still open after the grace. */
    public void close(int code, String reason) {
        if (!closing.compareAndSet(null, new Closing(code, reason == null ? "" : reason))) {
            return;
        }
        try {
            timers.schedule(this::abortIfOpen, graceMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            LOG.log(System.Logger.Level.DEBUG, "no timer for the close grace: the hub is stopping");
        }
        if (scheduled.compareAndSet(false, true)) {
            submit();
        }
    }

    /** A keep-alive probe; a write stuck for longer than the grace aborts instead. */
    public void ping() {
        long since = writingSince;
        if (since != 0 && clock.getAsLong() - since > graceMillis) {
            LOG.log(System.Logger.Level.DEBUG, "a write has been in flight for over {0} ms: aborting", graceMillis);
            abort();
            return;
        }
        if (closing.get() == null && !aborted.get()) {
            wire.ping();
        }
    }

    /** Whether a close was asked for (by the hub: the peer's own close never reaches the pump). */
    public boolean closing() {
        return closing.get() != null;
    }

    /** Whether the connection was aborted. */
    public boolean aborted() {
        return aborted.get();
    }

    /** Drops the connection now; what is not written stays in the backlog. */
    public void abort() {
        if (aborted.compareAndSet(false, true)) {
            try {
                wire.abort();
            } finally {
                onAbort.run();
            }
        }
    }

    private void abortIfOpen() {
        if (wire.isOpen()) {
            LOG.log(System.Logger.Level.DEBUG, "still open {0} ms after its close: aborting", graceMillis);
            abort();
        }
    }

    private void submit() {
        try {
            executor.execute(this::run);
        } catch (RejectedExecutionException stopping) {
            abort();
        }
    }

    private void run() {
        while (true) {
            if (aborted.get() || closeWritten) {
                return; // scheduled stays set: nothing is written after a close or an abort
            }
            Closing c = closing.get();
            if (c != null && lastBatchTaken) {
                writeClose(c);
                return;
            }
            lastBatchTaken = c != null;
            batch.clear();
            int n = backlog.drainTo(batch, WRITE_CHARS);
            if (n > 0) {
                wrote.accept(n);
                if (!write(List.copyOf(batch))) {
                    return; // the write's completion resumes the pump
                }
            } else if (c == null) {
                scheduled.set(false);
                boolean more = closing.get() != null || !backlog.isEmpty();
                if (!more || !scheduled.compareAndSet(false, true)) {
                    return;
                }
            }
        }
    }

    /** True if the write completed at once and the pump may go on in this thread. */
    private boolean write(List<String> frames) {
        writingSince = Math.max(1, clock.getAsLong());
        CompletableFuture<Void> done;
        try {
            done = wire.write(frames, backlog.joined()).toCompletableFuture();
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        if (!done.isDone()) {
            done.whenComplete((r, t) -> {
                if (written(t)) {
                    submit();
                }
            });
            return false;
        }
        return written(failureOf(done));
    }

    private boolean written(Throwable failure) {
        writingSince = 0;
        backlog.written(failure);
        if (failure != null) {
            LOG.log(System.Logger.Level.DEBUG, "write failed, aborting: {0}", String.valueOf(failure));
            abort();
            return false;
        }
        return true;
    }

    private void writeClose(Closing c) {
        closeWritten = true;
        writingSince = Math.max(1, clock.getAsLong());
        CompletableFuture<Void> done;
        try {
            done = wire.close(c.code(), c.reason()).toCompletableFuture();
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        done.whenComplete((r, t) -> {
            writingSince = 0;
            if (t != null) {
                LOG.log(System.Logger.Level.DEBUG, "close failed, aborting: {0}", String.valueOf(t));
                abort();
            }
        });
    }

    private static Throwable failureOf(CompletableFuture<Void> done) {
        if (!done.isCompletedExceptionally()) {
            return null;
        }
        try {
            done.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause() != null ? e.getCause() : e;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
