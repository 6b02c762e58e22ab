package io.switchboard.rpc;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.sessions.Session;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Calls waiting for their callee's answer, by the invoke id the hub made. Whoever removes a call
 * from the map (the answer, the timeout, or the callee's end) is the one that tells the caller,
 * so each caller hears exactly one outcome.
 */
public final class PendingCalls {
    private record Call(Caller caller, Session callee, String channel, ScheduledFuture<?> deadline) {
    }

    private final Map<String, Call> byInvoke = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers;
    private final String prefix;
    private final AtomicLong ids = new AtomicLong();

    public PendingCalls(ScheduledExecutorService timers, String idPrefix) {
        this.timers = timers;
        this.prefix = idPrefix;
    }

    /** Registers a call and its deadline; returns the invoke id to send the callee. */
    public String start(Caller caller, Session callee, String channel, long timeoutMillis) {
        String invoke = prefix + ids.incrementAndGet();
        ScheduledFuture<?> deadline = timers.schedule(() -> timedOut(invoke, timeoutMillis), timeoutMillis,
                TimeUnit.MILLISECONDS);
        byInvoke.put(invoke, new Call(caller, callee, channel, deadline));
        return invoke;
    }

    private void timedOut(String invoke, long timeoutMillis) {
        Call c = byInvoke.remove(invoke);
        if (c != null) {
            c.caller().failed(ErrorCode.TIMEOUT, "no answer from the callee of " + c.channel() + " within " + timeoutMillis + " ms");
        }
    }

    /** The callee answered; false if no call of this callee waits under that id (late, or not its invoke). */
    public boolean answered(String invoke, Session from, String dataJson, String errorMessage) {
        Call c = byInvoke.get(invoke);
        if (c == null || c.callee() != from || !byInvoke.remove(invoke, c)) {
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
            if (c.callee() == callee && byInvoke.remove(invoke, c)) {
                c.deadline().cancel(false);
                c.caller().failed(ErrorCode.CALLEE_GONE, "the callee of " + c.channel() + " went away before answering");
            }
        });
    }

    public int size() {
        return byInvoke.size();
    }
}
