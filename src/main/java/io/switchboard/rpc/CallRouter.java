package io.switchboard.rpc;

import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.JsonText;
import io.switchboard.sessions.Session;

/**
 * Routes calls to callees (docs/protocol.md, Calls): exactly one connected callee per call, in turn; the four
 * failures kept apart — {@code no_callee} at once, {@code callee_error}, {@code timeout},
 * {@code callee_gone}. The invoke is a sequenced frame, so a callee that only lost its socket
 * gets it again when it resumes.
 */
public final class CallRouter {
    private final Callees callees = new Callees();
    private final PendingCalls pending;
    private volatile RemoteCallees remote = RemoteCallees.NONE;

    private final Runnable overloaded;

    public CallRouter(PendingCalls pending) {
        this(pending, () -> { });
    }

    /** {@code overloaded} counts each call refused for the pending-call bounds. */
    public CallRouter(PendingCalls pending, Runnable overloaded) {
        this.pending = pending;
        this.overloaded = overloaded;
    }

    /** The callees of the other nodes (cluster mode). */
    public void remote(RemoteCallees r) {
        this.remote = r;
    }

    public void register(Session callee, ChannelPattern pattern) {
        if (callees.register(callee, pattern)) {
            remote.offered(pattern, true);
        }
    }

    public void unregister(Session callee, ChannelPattern pattern) {
        if (callees.unregister(callee, pattern)) {
            remote.offered(pattern, false);
        }
    }

    /** To a callee of this node if there is one, else of another node (cluster mode), else {@code no_callee}. */
    public void call(Caller caller, ChannelPath channel, String dataJson, long timeoutMillis) {
        Session callee = callees.pick(channel);
        if (callee == null && remote.call(caller, channel, dataJson, timeoutMillis)) {
            return;
        }
        invoke(callee, caller, channel, dataJson, timeoutMillis);
    }

    /** A call another node handed over: only this node's callees are asked. */
    public void callHere(Caller caller, ChannelPath channel, String dataJson, long timeoutMillis) {
        invoke(callees.pick(channel), caller, channel, dataJson, timeoutMillis);
    }

    private void invoke(Session callee, Caller caller, ChannelPath channel, String dataJson, long timeoutMillis) {
        if (callee == null) {
            caller.failed(ErrorCode.NO_CALLEE, "no connected callee is registered for " + channel);
            return;
        }
        String invoke = pending.start(caller, callee, channel.value(), timeoutMillis);
        if (invoke == null) {
            overloaded.run();
            caller.failed(ErrorCode.OVERLOADED, "too many calls waiting (limits.callsPerSession, limits.calls)");
            return;
        }
        callee.sendSequenced(JsonText.op("invoke").str("id", invoke).str("ch", channel.value()).raw("data", dataJson).open());
    }

    /** A callee's yield; false if no call of this callee waits under that invoke id. */
    public boolean yielded(Session from, String invoke, String dataJson, String errorMessage) {
        return pending.answered(invoke, from, dataJson, errorMessage);
    }

    /** The session ended: it answers no more calls, and calls waiting on it fail with callee_gone. */
    public void sessionEnded(Session s) {
        for (ChannelPattern p : callees.unregisterAll(s)) {
            remote.offered(p, false);
        }
        pending.calleeGone(s);
    }

    public int registrations() {
        return callees.count();
    }

    public int pendingCalls() {
        return pending.size();
    }
}
