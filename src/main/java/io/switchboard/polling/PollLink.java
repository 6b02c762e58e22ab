package io.switchboard.polling;

import io.switchboard.sessions.Link;
import io.switchboard.sessions.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A long-poll session's {@link Link}: between polls frames wait in the session's outbox; a
 * waiting poll is answered as soon as one is queued, or when its time is up. At most one poll
 * waits at a time; a newer poll answers the older one empty.
 */
public final class PollLink implements Link {
    private static final int ANSWER_CHARS = 1024 * 1024;

    private final Executor executor;
    private Session source;
    private Consumer<List<String>> waiting;
    private boolean closed;
    private int closeCode;
    /** What was queued when the hub closed the link with no poll waiting: the next poll says it (why a hello was refused). */
    private List<String> parting = List.of();
    private Runnable touch = () -> { };
    private java.util.function.IntConsumer onClosed = code -> { };

    public PollLink(Executor executor) {
        this.executor = executor;
    }

    /** Called by the connection owner so that a waiting poll counts as traffic for the heartbeat. */
    public synchronized void onTouch(Runnable touch) {
        this.touch = touch;
    }

    /** Who to tell when the hub closes this link (the poll's Connection). */
    public synchronized void onClosed(java.util.function.IntConsumer onClosed) {
        this.onClosed = onClosed;
    }

    @Override
    public synchronized void bind(Session session) {
        this.source = session;
    }

    /** Answers at once if frames are queued (or {@code waitMillis} is 0), else when one is. */
    public void poll(long waitMillis, Consumer<List<String>> answer) {
        Consumer<List<String>> superseded;
        List<String> ready;
        synchronized (this) {
            superseded = waiting;
            waiting = null;
            ready = drain();
            if (ready.isEmpty() && waitMillis > 0 && !closed) {
                waiting = answer;
            }
        }
        if (superseded != null) {
            superseded.accept(List.of());
        }
        if (!ready.isEmpty() || waitMillis <= 0 || closed) {
            answer.accept(ready);
        }
    }

    /** The poll's time is up: answer it with whatever there is (usually nothing). */
    public void expire(Consumer<List<String>> answer) {
        List<String> ready;
        synchronized (this) {
            if (waiting != answer) {
                return;
            }
            waiting = null;
            ready = drain();
        }
        answer.accept(ready);
    }

    private List<String> drain() {
        List<String> out = new ArrayList<>(parting);
        parting = List.of();
        if (source != null) {
            source.drainTo(this, out, ANSWER_CHARS);
        }
        return out;
    }

    @Override
    public void wake() {
        Consumer<List<String>> answer;
        List<String> ready;
        synchronized (this) {
            if (waiting == null) {
                return;
            }
            ready = drain();
            if (ready.isEmpty()) {
                return;
            }
            answer = waiting;
            waiting = null;
        }
        executor.execute(() -> answer.accept(ready));
    }

    /** A poll waiting through a heartbeat is traffic: it keeps the session's connection alive. */
    @Override
    public void ping() {
        Runnable t;
        synchronized (this) {
            if (waiting == null) {
                return;
            }
            t = touch;
        }
        t.run();
    }

    @Override
    public void close(int code, String reason) {
        Consumer<List<String>> answer;
        List<String> ready;
        java.util.function.IntConsumer tell;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closeCode = code;
            answer = waiting;
            waiting = null;
            ready = drain();
            tell = onClosed;
            if (answer == null) {
                parting = ready;
            }
        }
        if (answer != null) {
            answer.accept(ready);
        }
        tell.accept(code);
    }

    /** The code the hub closed this link with (0 while open). */
    public synchronized int closeCode() {
        return closeCode;
    }

    public synchronized boolean isClosed() {
        return closed;
    }
}
