package io.switchboard.hub;

import io.switchboard.auth.Action;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.rpc.SessionCaller;
import io.switchboard.sessions.Session;

/** {@code call}, {@code yield}, {@code register} and {@code unregister} (section 4). */
final class CallFrames {
    private final Hub hub;

    CallFrames(Hub hub) {
        this.hub = hub;
    }

    /** Carried out once per id: a repeat while the call runs is ignored, after it the answer is sent again. */
    void call(Session s, ClientFrame.Call c) throws ProtocolException {
        if (Answers.repeated(s, c.id())) {
            return;
        }
        s.remember(c.id(), "");
        long timeout = c.timeout() == null ? Hub.DEFAULT_CALL_TIMEOUT : c.timeout();
        SessionCaller caller = new SessionCaller(s, c.id());
        try {
            hub.call(caller, c.ch(), c.data().toString(), timeout, s.identity());
        } catch (ProtocolException e) {
            hub.stats().errors.increment();
            caller.failed(e.code(), e.getMessage());
        }
    }

    void yielded(Session s, ClientFrame.Yield y) throws ProtocolException {
        String error = y.error() == null ? null : y.error().getString("message");
        String data = y.error() == null ? y.data().toString() : null;
        if (!hub.calls().yielded(s, y.invoke(), data, error)) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "no call of this session waits for invoke " + y.invoke()
                    + " (answered, timed out, or not yours)");
        }
    }

    void register(Session s, ClientFrame.Register r) throws ProtocolException {
        ChannelPattern p = Hub.pattern(r.ch());
        hub.require(s.identity(), Action.REGISTER, p);
        hub.calls().register(s, p);
        Answers.okIfAsked(s, r.id());
    }

    void unregister(Session s, ClientFrame.Unregister u) throws ProtocolException {
        hub.calls().unregister(s, Hub.pattern(u.ch()));
        Answers.okIfAsked(s, u.id());
    }
}
