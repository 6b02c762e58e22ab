package io.switchboard.sse;

/**
 * What bounds one stream. A stream whose queue (bytes not yet written, or events) passes
 * {@code queueBytes} or {@code queueEvents} is closed; its client reconnects with
 * {@code Last-Event-ID}. {@code heartbeatMillis} of quiet get a comment; {@code retryMillis} is the
 * reconnect hint sent first; {@code maxAgeMillis} (0 = off) closes streams that old, so that load
 * balancers get to rebalance.
 */
public record SseLimits(long queueBytes, int queueEvents, long heartbeatMillis, long retryMillis, long maxAgeMillis) {

    public static final SseLimits DEFAULTS = new SseLimits(1 << 20, 10_000, 15_000, 2_000, 0);

    public SseLimits {
        if (queueBytes <= 0 || queueEvents <= 0 || heartbeatMillis <= 0 || retryMillis < 0 || maxAgeMillis < 0) {
            throw new IllegalArgumentException("bad SSE limits: queueBytes " + queueBytes + ", queueEvents " + queueEvents
                    + ", heartbeat " + heartbeatMillis + ", retry " + retryMillis + ", maxAge " + maxAgeMillis);
        }
    }
}
