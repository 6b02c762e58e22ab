package io.switchboard.rpc;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.sessions.Session;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Calls waiting for their callee's answer, by the invoke id the hub made. Whoever removes a call
 * from the map (the answer, the timeout, or the callee's end) is the one that tells the caller,
 * so each caller hears exactly one outcome. At most {@code perCaller} calls of one caller's owner
 * (its session) and {@code max} in all wait at once (limits.callsPerSession, limits.calls).
 */
public final class PendingCalls {
    private record Call(Caller caller, Session callee, String channel, ScheduledFuture<?> deadline) {
    }

    private final Map<String, Call> byInvoke = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers;
    private final String prefix;
    private final AtomicLong ids = new AtomicLong();
    private final int perCaller;
    private final int max;
    private final AtomicInteger total = new AtomicInteger();
    private final Map<Object, AtomicInteger> byOwner = new ConcurrentHashMap<>();

    public PendingCalls(ScheduledExecutorService timers, String idPrefix) {
        this(timers, idPrefix, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    public PendingCalls(ScheduledExecutorService timers, String idPrefix, int perCaller, int max) {
        this.timers = timers;
        this.prefix = idPrefix;
        this.perCaller = perCaller;
        this.max = max;
    }

    /** Registers a call and its deadline; returns the invoke id to send the callee, or null if over a bound. */
    public String start(Caller caller, Session callee, String channel, long timeoutMillis) {
        if (!admit(caller.owner())) {
            return null;
        }
        String invoke = prefix + ids.incrementAndGet();
        ScheduledFuture<?> deadline = timers.schedule(() -> timedOut(invoke, timeoutMillis), timeoutMillis,
                TimeUnit.MILLISECONDS);
        byInvoke.put(invoke, new Call(caller, callee, channel, deadline));
        return invoke;
    }

    private boolean admit(Object owner) {
        if (total.incrementAndGet() > max) {
            total.decrementAndGet();
            return false;
        }
        if (owner != null && byOwner.computeIfAbsent(owner, o -> new AtomicInteger())
                .incrementAndGet() > perCaller) {
            release(owner);
            return false;
        }
        return true;
    }

    private void release(Object owner) {
        total.decrementAndGet();
        if (owner != null) {
            byOwner.computeIfPresent(owner, (o, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
    }

    /** Removes the call if it is still there; true for the one remover, who then tells the caller. */
    private boolean take(String invoke, Call c) {
        if (byInvoke.remove(invoke, c)) {
            release(c.caller().owner());
            return true;
        }
        return false;
    }

    private void timedOut(String invoke, long timeoutMillis) {
        Call c = byInvoke.get(invoke);
        if (c != null && take(invoke, c)) {
            c.caller().failed(ErrorCode.TIMEOUT, "no answer from the callee of " + c.channel() + " within " + timeoutMillis + " ms");
        }
    }

    /** The callee answered; false if no call of this callee waits under that id (late, or not its invoke). */
    public boolean answered(String invoke, Session from, String dataJson, String errorMessage) {
        Call c = byInvoke.get(invoke);
        if (c == null || c.callee() != from || !take(invoke, c)) {
            return false;
        }
        c.deadline().cancel(false);
        if (errorMessage != null) {
            c.caller().failed(ErrorCode.CALLEE_ERROR, errorMessage);
        } else {
            c.caller().result(dataJson);
        }
        return true;
    }

    /** The callee's session ended before it answered: its callers hear {@code callee_gone} now. */
    public void calleeGone(Session callee) {
        byInvoke.forEach((invoke, c) -> {
            if (c.callee() == callee && take(invoke, c)) {
                c.deadline().cancel(false);
                c.caller().failed(ErrorCode.CALLEE_GONE, "the callee of " + c.channel() + " went away before answering");
            }
        });
    }

    /** Calls of {@code owner} waiting now. */
    public int pendingOf(Object owner) {
        AtomicInteger n = byOwner.get(owner);
        return n == null ? 0 : n.get();
    }

    public int size() {
        return byInvoke.size();
    }
}
