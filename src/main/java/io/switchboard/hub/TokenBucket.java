package io.switchboard.hub;

/**
 * The per-connection rate limit: refilled at {@code rate} tokens a second, with a
 * burst of {@code rate}. Used by one connection's receiving thread at a time.
 */
public final class TokenBucket {
    private final double rate;
    private double tokens;
    private long last;

    public TokenBucket(int rate, long nowNanos) {
        this.rate = rate;
        this.tokens = rate;
        this.last = nowNanos;
    }

    public synchronized boolean tryTake(long nowNanos) {
        tokens = Math.min(rate, tokens + (nowNanos - last) * rate / 1e9);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
