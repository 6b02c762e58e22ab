package io.switchboard.sse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A sink that takes writes while it is "ready" and, like a servlet output, owes the stream one
 * {@code writable()} call after it has answered "not ready". It fails if two threads write at once.
 */
final class FakeSink implements Sink {
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private SseStream stream;
    private boolean ready = true;
    private boolean owed;
    private int writes;
    private int flushes;
    private int completes;
    private IOException failNext;
    private final java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();

    void connect(SseStream stream) {
        this.stream = stream;
        stream.attach(this);
        stream.writable();
    }

    @Override
    public synchronized boolean isReady() {
        if (!ready) {
            owed = true;
        }
        return ready;
    }

    /** Becomes ready or not; becoming ready pays what it owes, on the calling thread (as a container would). */
    void ready(boolean now) {
        boolean call;
        synchronized (this) {
            ready = now;
            call = now && owed;
            if (call) {
                owed = false;
            }
        }
        if (call) {
            stream.writable();
        }
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        enter();
        try {
            synchronized (this) {
                if (failNext != null) {
                    throw failNext;
                }
                written.writeBytes(bytes);
                writes++;
            }
        } finally {
            inside.decrementAndGet();
        }
    }

    @Override
    public synchronized void flush() {
        flushes++;
    }

    @Override
    public synchronized void complete() {
        completes++;
    }

    private void enter() {
        if (inside.incrementAndGet() != 1) {
            throw new AssertionError("two threads wrote at once");
        }
    }

    synchronized void failNextWrite(IOException e) {
        failNext = e;
    }

    synchronized String text() {
        return written.toString(StandardCharsets.UTF_8);
    }

    synchronized int writes() {
        return writes;
    }

    synchronized int flushes() {
        return flushes;
    }

    synchronized int completes() {
        return completes;
    }
}
