package io.switchboard.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rpc scenario's run-wide call accounting, shared by its callers (and its callees, for error
 * codes): calls are numbered across all callers, the first --warmup-calls are not measured.
 */
final class RpcCalls {
    final AtomicLong issued = new AtomicLong();
    final AtomicLong done = new AtomicLong();
    final Map<String, AtomicLong> errorsByCode = new ConcurrentHashMap<>();
    /** Warmup plus measured calls. */
    final long total;
    final long warmup;
    /** A call frame up to its {@code data.t}. */
    final String prefix;
    volatile boolean stop;
    volatile long measuredStartNs;
    volatile boolean measuring;

    RpcCalls(LoadOptions o) {
        warmup = o.warmupCalls;
        total = o.warmupCalls + o.calls;
        prefix = "{\"op\":\"call\",\"ch\":\"" + o.rpcChannel + "\","
                + (o.callTimeoutMs > 0 ? "\"timeout\":" + o.callTimeoutMs + "," : "") + "\"data\":{\"t\":";
    }

    /** The next call's number, or -1 if the run wants no more (all issued, past --duration, closing). */
    long claim(boolean closing) {
        long n;
        do {
            n = issued.get();
            if (n >= total || stop || closing) {
                return -1;
            }
        } while (!issued.compareAndSet(n, n + 1));
        return n;
    }

    /** The measurement starts with the first call after the warmup. */
    void sent(long n, long nowNs) {
        if (n == warmup) {
            measuredStartNs = nowNs;
            measuring = true;
        }
    }

    void countError(String code) {
        errorsByCode.computeIfAbsent(String.valueOf(code), k -> new AtomicLong()).incrementAndGet();
    }

    /** {@code code:count,...} by code, or {@code none}. */
    String codes() {
        StringBuilder codes = new StringBuilder();
        errorsByCode.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                codes.append(codes.length() > 0 ? "," : "").append(e.getKey()).append(':').append(e.getValue().get()));
        return codes.length() > 0 ? codes.toString() : "none";
    }
}
