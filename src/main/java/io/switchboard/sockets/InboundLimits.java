package io.switchboard.sockets;

import io.switchboard.hub.Limits;
import io.switchboard.hub.TokenBucket;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * The limits {@code /ws} puts on what a client sends (frame size and rate, docs/protocol.md, Limits and errors), for sockets that speak
 * no frame protocol: a text over {@code limits.frame} bytes is answered {@code too_large} and
 * dropped; texts past the rate (a token bucket of {@code limits.rate} a second) are dropped with a
 * {@code rate_limited} answer (one per 100 refusals), and more refusals than {@code rate} within a
 * second close the socket with 1008. Texts of one socket arrive one at a time.
 */
public final class InboundLimits implements SocketHandler {
    private final SocketHandler inner;
    private final Peer peer;
    private final Limits limits;
    private final TokenBucket bucket;
    private final LongSupplier nanos;
    private long refusedSince;
    private int refusedInWindow;

    private InboundLimits(SocketHandler inner, Peer peer, Limits limits, LongSupplier nanos) {
        this.inner = inner;
        this.peer = peer;
        this.limits = limits;
        this.nanos = nanos;
        this.bucket = new TokenBucket(limits.rate(), nanos.getAsLong());
    }

    public static SocketHandler wrap(SocketHandler inner, Peer peer, Limits limits) {
        return wrap(inner, peer, limits, System::nanoTime);
    }

    /** As {@link #wrap(SocketHandler, Peer, Limits)}, with the rate limit on the given monotonic nanosecond clock. */
    public static SocketHandler wrap(SocketHandler inner, Peer peer, Limits limits, LongSupplier nanos) {
        return inner == SocketHandler.IGNORE ? inner : new InboundLimits(inner, peer, limits, nanos);
    }

    @Override
    public void text(String text) {
        if (!withinRate()) {
            return;
        }
        int limit = limits.frame();
        if (text.length() > limit || text.length() * 3 > limit && text.getBytes(StandardCharsets.UTF_8).length > limit) {
            peer.send(Admission.error("too_large", "a text is at most " + limit + " bytes"));
            return;
        }
        inner.text(text);
    }

    private boolean withinRate() {
        long nanos = this.nanos.getAsLong();
        if (bucket.tryTake(nanos)) {
            return true;
        }
        if (nanos - refusedSince > 1_000_000_000L) {
            refusedSince = nanos;
            refusedInWindow = 0;
        }
        if (++refusedInWindow > limits.rate()) {
            peer.close(1008, "flooding past the rate limit");
        } else if (refusedInWindow % 100 == 1) {
            peer.send(Admission.error("rate_limited", "more than " + limits.rate() + " texts a second; text dropped"));
        }
        return false;
    }

    @Override
    public void binary() {
        inner.binary();
    }

    @Override
    public void pong() {
        inner.pong();
    }

    @Override
    public void closed(int code) {
        inner.closed(code);
    }
}
