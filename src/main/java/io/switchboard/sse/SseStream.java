package io.switchboard.sse;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One client's event stream: a bounded queue and non-blocking writes; a stream that cannot keep up
 * is closed, never left to stall anyone else.
 *
 * <p>Use: {@code SseStream s = sseStreams.open(req, resp, onClose)} from a servlet's {@code doGet}
 * (the servlet or its filters must be {@code asyncSupported}); then {@link #send(SseEvent)} (an event
 * framed once and shared by many streams) or {@link #send(String, String, String)}, {@link #comment},
 * {@link #close}. The stream sends the {@code retry:} hint first, a heartbeat comment after
 * {@code heartbeatMillis} of quiet, and closes itself at {@code maxAgeMillis} or at
 * {@link #closeAt(long)} (see {@link SseLimits}). {@code onClose} runs exactly once, on a writer
 * thread, when the stream ends for any reason: closed here, over its bound, client gone, server stop.
 *
 * <p>Threads: {@code send} and {@code comment} may be called from any thread (a publisher's
 * delivery included): they only queue and never block. Writes happen on the executor, or on the
 * container's thread when it reports the output writable again, one writer at a time (the
 * {@code writing} flag). {@code blocked} is set before asking the sink whether it is ready, so a
 * {@code writable()} that races with a "not ready" answer is never lost.
 */
public final class SseStream {
    private static final System.Logger LOG = System.getLogger(SseStream.class.getName());
    private static final int MAX_WRITE = 64 * 1024;
    private static final int WRITES_PER_TURN = 4;

    private final SseLimits limits;
    private final Executor executor;
    private final SseStats stats;
    private final LongSupplier clock;
    private final Runnable onClose;
    private final long openedAt;
    private final ConcurrentLinkedQueue<SseEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicInteger queuedEvents = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private Sink sink;
    /** Guarded by the writing flag. */
    private boolean unflushed;
    private volatile boolean blocked = true;
    private volatile boolean closed;
    private volatile long lastQueuedAt;
    private volatile long closeAt = Long.MAX_VALUE;

    /**
     * Starts an async {@code text/event-stream} response on this request, written with non-blocking
     * servlet output. Most callers use {@link SseStreams#open}, which supplies the rest.
     */
    static SseStream start(HttpServletRequest req, HttpServletResponse resp, SseLimits limits, Executor executor,
                           SseStats stats, java.util.function.Consumer<SseStream> onClose) throws IOException {
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("text/event-stream");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("X-Accel-Buffering", "no"); // nginx: pass events on at once
        AsyncContext async = req.startAsync();
        async.setTimeout(0);
        SseStream[] self = new SseStream[1];
        SseStream stream = new SseStream(limits, executor, stats, System::currentTimeMillis, () -> onClose.accept(self[0]));
        self[0] = stream;
        ServletSink sink = new ServletSink(async, resp.getOutputStream(), stream);
        async.addListener(sink);
        stream.attach(sink);
        resp.getOutputStream().setWriteListener(sink);
        return stream;
    }

    SseStream(SseLimits limits, Executor executor, SseStats stats, LongSupplier clock, Runnable onClose) {
        this.limits = limits;
        this.executor = executor;
        this.stats = stats;
        this.clock = clock;
        this.onClose = onClose;
        this.openedAt = clock.getAsLong();
        this.lastQueuedAt = openedAt;
        stats.opened.increment();
        enqueue(SseEvent.retry(limits.retryMillis()));
    }

    /**
     * Connects the sink. Writing starts at the sink's first {@code writable()}: until then the stream
     * counts as blocked (the servlet output must not be touched before its write listener is set).
     */
    void attach(Sink sink) {
        this.sink = sink;
    }

    /** Queues one event; never blocks. False once the stream is closed (now or by this event's overflow). */
    public boolean send(SseEvent event) {
        if (closed) {
            return false;
        }
        if (!enqueue(event)) {
            overflow();
            return false;
        }
        schedule();
        return true;
    }

    /** Frames and queues one event ({@code id} and {@code event} may be null); see {@link SseEvent#of}. */
    public boolean send(String id, String event, String data) {
        return send(SseEvent.of(id, event, data));
    }

    public boolean comment(String text) {
        return send(SseEvent.comment(text));
    }

    /** Ends the stream: what is still queued is dropped, the response completed, {@code onClose} run. */
    public void close() {
        if (!closed) {
            closed = true;
            schedule();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes the stream at that time (epoch ms), e.g. when the token it was opened with expires. */
    public void closeAt(long when) {
        closeAt = when;
    }

    /** Heartbeat and age; {@link SseStreams} calls it about once a second. */
    void tick(long now) {
        if (closed) {
            return;
        }
        if (now >= closeAt || limits.maxAgeMillis() > 0 && now - openedAt >= limits.maxAgeMillis()) {
            close();
        } else if (now - lastQueuedAt >= limits.heartbeatMillis()) {
            comment("hb");
        }
    }

    private boolean enqueue(SseEvent event) {
        lastQueuedAt = clock.getAsLong();
        long bytes = queuedBytes.addAndGet(event.size());
        int events = queuedEvents.incrementAndGet();
        queue.add(event);
        return bytes <= limits.queueBytes() && events <= limits.queueEvents();
    }

    private void overflow() {
        if (!closed) {
            closed = true;
            stats.slowClosed.increment();
            LOG.log(System.Logger.Level.WARNING, "slow SSE client: {0} events / {1} bytes queued, closing its stream",
                    queuedEvents.get(), queuedBytes.get());
            schedule();
        }
    }

    /** The sink can take writes again (the container's onWritePossible). */
    void writable() {
        blocked = false;
        pump();
    }

    /** The client went away or the container ended the response. */
    void ended(Throwable cause) {
        if (cause != null) {
            LOG.log(System.Logger.Level.DEBUG, "SSE stream ended: {0}", cause.toString());
        }
        closed = true;
        schedule();
    }

    private void schedule() {
        if (sink != null && (closed || !blocked) && scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    scheduled.set(false);
                    pump();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // The application is stopping and its writer threads are gone: end here.
                scheduled.set(false);
                closed = true;
                pump();
            }
        }
    }

    private void pump() {
        if (!writing.compareAndSet(false, true)) {
            return; // the writer holding it looks again when it lets go
        }
        try {
            if (closed) {
                finish();
            } else {
                drain();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "SSE write failed: {0}", e.toString());
            closed = true;
        } finally {
            writing.set(false);
        }
        if (closed ? !finished.get() : !blocked && (unflushed || !queue.isEmpty())) {
            schedule();
        }
    }

    /** A few writes, then the turn goes back to the executor so one busy stream cannot hog a thread. */
    private void drain() throws IOException {
        for (int writes = 0; writes < WRITES_PER_TURN; ) {
            blocked = true;
            if (!sink.isReady()) {
                return;
            }
            blocked = false;
            byte[] chunk = take();
            if (chunk != null) {
                sink.write(chunk);
                unflushed = true;
                writes++;
            } else if (unflushed) {
                unflushed = false;
                sink.flush();
            } else {
                return;
            }
        }
    }

    /** Everything queued, up to MAX_WRITE bytes (at least one event), as one buffer. */
    private byte[] take() {
        SseEvent first = poll();
        if (first == null) {
            return null;
        }
        SseEvent next = queue.peek();
        if (next == null || first.size() + next.size() > MAX_WRITE) {
            return first.bytes();
        }
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(Math.min(MAX_WRITE, first.size() * 4));
        buf.writeBytes(first.bytes());
        while ((next = queue.peek()) != null && buf.size() + next.size() <= MAX_WRITE) {
            buf.writeBytes(poll().bytes());
        }
        return buf.toByteArray();
    }

    private SseEvent poll() {
        SseEvent e = queue.poll();
        if (e != null) {
            queuedBytes.addAndGet(-e.size());
            queuedEvents.decrementAndGet();
            if (e.dispatched()) {
                stats.eventsSent.increment();
            }
        }
        return e;
    }

    private void finish() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        queue.clear();
        stats.closed.increment();
        try {
            sink.complete();
        } finally {
            onClose.run();
        }
    }

    /** Events waiting to be written. */
    public int queued() {
        return queuedEvents.get();
    }
}
