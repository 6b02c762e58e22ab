package io.switchboard.client;

import java.util.ArrayDeque;
import java.util.function.Function;

/**
 * Keeps the client under the hub's per-connection rate ({@code welcome.limits.rate}): a token
 * bucket at 90 % of it. Frames over the budget wait in order and are drained every few
 * milliseconds, so a burst of publishes slows down instead of being refused with rate_limited.
 */
final class Pacer {
    private final Function<String, ?> send;
    private final ArrayDeque<String> waiting = new ArrayDeque<>();
    private double rate = 900;
    private double tokens = 900;
    private final java.util.function.LongSupplier nanoClock;
    private long last;

    Pacer(Function<String, ?> send) {
        this(send, System::nanoTime);
    }

    Pacer(Function<String, ?> send, java.util.function.LongSupplier nanoClock) {
        this.send = send;
        this.nanoClock = nanoClock;
        this.last = nanoClock.getAsLong();
    }

    synchronized void limit(int hubRate) {
        rate = Math.max(1, hubRate * 0.9);
        tokens = Math.min(tokens, rate);
    }

    void send(String frame) {
        synchronized (this) {
            if (!waiting.isEmpty() || !take()) {
                waiting.addLast(frame);
                return;
            }
        }
        send.apply(frame);
    }

    void drain() {
        while (true) {
            String next;
            synchronized (this) {
                if (waiting.isEmpty() || !take()) {
                    return;
                }
                next = waiting.pollFirst();
            }
            send.apply(next);
        }
    }

    /** The connection is gone: what waits is resent from the pending requests after the next welcome. */
    synchronized void clear() {
        waiting.clear();
    }

    private boolean take() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(rate, tokens + (now - last) * rate / 1e9);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
