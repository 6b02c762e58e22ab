package io.switchboard.hub;

import io.switchboard.protocol.FrameSize;

/**
 * One connection's limits on what comes in and its liveness: the rate, the frame size
 * and the heartbeat (docs/protocol.md, Limits and errors). It decides; {@link Connection} answers and closes. Frames of one
 * connection arrive one at a time, so the refusal window needs no lock; the times it reads on the
 * timer's thread are volatile.
 */
final class ConnectionGuard {

    /** What the rate limit says of one frame. */
    enum Rate {
        /** Within the rate: carry it out. */
        PASS,
        /** Refused, silently (the answer cannot flood back). */
        REFUSED,
        /** Refused, and the client is told: one {@code rate_limited} per 100 refusals. */
        REFUSED_ANSWERED,
        /** More refusals than {@code rate} within one second: sustained flooding, close with 1008. */
        FLOODING
    }

    /** What the size limits say of one frame's text. */
    enum Size {
        FITS,
        /** Over {@code limits.frame}: answered {@code too_large}, the connection stays. */
        TOO_LARGE,
        /** From {@code limits.hardFrame} + 1 bytes: {@code too_large}, then close with 1009. */
        OVER_HARD_LIMIT
    }

    /** What the heartbeat says of the connection now. */
    enum Beat {
        QUIET,
        /** A heartbeat went by since the last ping: ping it. */
        PING,
        /** No traffic for two heartbeats: close with 1001. */
        SILENT
    }

    private final Limits limits;
    private final HubStats stats;
    private final TokenBucket bucket;
    private volatile long lastSeen;
    private volatile long lastPing;
    private long refusedSince;
    private int refusedInWindow;

    ConnectionGuard(Limits limits, HubStats stats, long nowNanos, long now) {
        this.limits = limits;
        this.stats = stats;
        this.bucket = new TokenBucket(limits.rate(), nowNanos);
        this.lastSeen = now;
        this.lastPing = now;
    }

    /** Anything from the client (a frame, a pong) is life. */
    void seen(long now) {
        lastSeen = now;
    }

    /** The per-connection token bucket (limits.rate), for one frame. */
    Rate take(long nanos) {
        if (bucket.tryTake(nanos)) {
            return Rate.PASS;
        }
        stats.rateLimited.increment();
        if (nanos - refusedSince > 1_000_000_000L) {
            refusedSince = nanos;
            refusedInWindow = 0;
        }
        if (++refusedInWindow > limits.rate()) {
            if (refusedInWindow == limits.rate() + 1) {
                stats.floodCloses.increment();
            }
            return Rate.FLOODING;
        }
        return refusedInWindow % 100 == 1 ? Rate.REFUSED_ANSWERED : Rate.REFUSED;
    }

    Size size(String text) {
        // Exactly from hardFrame + 1 bytes, whatever the transport's own stack allows.
        if (FrameSize.over(text, limits.hardFrame())) {
            return Size.OVER_HARD_LIMIT;
        }
        return FrameSize.over(text, limits.frame()) ? Size.TOO_LARGE : Size.FITS;
    }

    /** Called about once a second by the hub's timer. */
    Beat beat(long now) {
        long beat = limits.heartbeat();
        if (now - lastSeen > 2 * beat) {
            return Beat.SILENT;
        }
        if (now - lastPing >= beat) {
            lastPing = now;
            return Beat.PING;
        }
        return Beat.QUIET;
    }
}
