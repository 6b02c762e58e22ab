package io.switchboard.hub;

import io.switchboard.auth.Action;
import io.switchboard.channels.ChannelPath;
import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.JsonText;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.ServerFrames;
import io.switchboard.sessions.Session;
import io.switchboard.state.StateDocuments;

/** {@code watch}, {@code unwatch} and {@code patch} of state documents (section 6). */
final class StateFrames {
    private final Hub hub;

    StateFrames(Hub hub) {
        this.hub = hub;
    }

    void watch(Session s, ClientFrame.Watch w) throws ProtocolException {
        ChannelPath doc = stateChannel(w.ch());
        hub.require(s.identity(), Action.SUBSCRIBE, doc);
        try {
            hub.documents().watch(s, doc, w.id() == null ? null : ServerFrames.ok(w.id()));
        } catch (ProtocolException e) {
            throw counted(e);
        }
    }

    void unwatch(Session s, ClientFrame.Unwatch u) throws ProtocolException {
        hub.documents().unwatch(s, stateChannel(u.ch()));
        Answers.okIfAsked(s, u.id());
    }

    void patch(Session s, ClientFrame.Patch p) throws ProtocolException {
        if (Answers.repeated(s, p.id())) {
            return;
        }
        ChannelPath doc = stateChannel(p.ch());
        hub.require(s.identity(), Action.PUBLISH, doc);
        long rev;
        try {
            rev = hub.documents().patch(doc, p.merge(), p.ops(), p.base());
        } catch (ProtocolException e) {
            throw counted(e);
        }
        Answers.answer(s, p.id(), JsonText.op("ok").raw("id", p.id()).num("rev", rev).toString());
    }

    /** A documents budget refusal is counted in the metrics. */
    private ProtocolException counted(ProtocolException e) {
        if (e.code() == ErrorCode.OVERLOADED) {
            hub.stats().overloaded(Budget.DOCUMENTS);
        }
        return e;
    }

    private static ChannelPath stateChannel(String ch) throws ProtocolException {
        ChannelPath path = Hub.concreteChannel(ch);
        StateDocuments.requireStateChannel(path);
        return path;
    }
}
