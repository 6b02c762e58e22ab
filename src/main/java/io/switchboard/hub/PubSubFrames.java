package io.switchboard.hub;

import io.switchboard.auth.Action;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.ServerFrames;
import io.switchboard.routing.Message;
import io.switchboard.sessions.Session;

/** {@code sub} (with {@code since}), {@code unsub}, {@code pub} and {@code history} (docs/protocol.md, Publishing and subscribing; History on demand). */
final class PubSubFrames {
    private final Hub hub;

    PubSubFrames(Hub hub) {
        this.hub = hub;
    }

    void sub(Session s, ClientFrame.Sub sub) throws ProtocolException {
        withinSubscriptions(s, sub.ch());
        s.subscribe(allowedPattern(s, sub.ch()), sub.since(), sub.id() == null ? null
                : ServerFrames.okSub(sub.id(), hub.epoch(), hub.latestOffset()));
    }

    void unsub(Session s, ClientFrame.Unsub u) throws ProtocolException {
        s.unsubscribe(Hub.pattern(u.ch()));
        Answers.okIfAsked(s, u.id());
    }

    void pub(Session s, ClientFrame.Pub p) throws ProtocolException {
        if (!Answers.repeated(s, p.id())) {
            Message m = hub.publish(p.ch(), p.data().toString(), p.retain(), s.inbox(), s.identity());
            Answers.answer(s, p.id(), ServerFrames.okOffset(p.id(), m.off()));
        }
    }

    /**
     * Read-only, so a repeated id is simply answered again; the page is not remembered (it may be
     * large). An answer that would take what waits to be written to this connection past
     * {@code limits.queueBytes} is refused: a client that asks for pages without reading them
     * cannot make the hub hold them (transient frames are not in a resumable session's budget).
     */
    void history(Session s, ClientFrame.History h) throws ProtocolException {
        String answer = ServerFrames.history(h.id(),
                hub.history(h.ch(), h.since(), h.limit(), h.reverse(), s.identity(), s.inbox()));
        long budget = hub.limits().budgets().queueBytes();
        if (s.unwrittenChars() + answer.length() > budget) {
            hub.stats().overloaded(Budget.HISTORY);
            throw new ProtocolException(ErrorCode.OVERLOADED, "history answers not yet read would pass "
                    + budget + " characters (limits.queueBytes): read them, then ask again");
        }
        s.sendTransient(answer);
    }

    /** A new pattern past {@code limits.subscriptions} is {@code overloaded}; a repeat is fine. */
    private void withinSubscriptions(Session s, String ch) throws ProtocolException {
        int max = hub.limits().budgets().subscriptions();
        if (s.subscriptionCount() >= max && !s.subscribedTo(Hub.pattern(ch))) {
            hub.stats().overloaded(Budget.SUBSCRIPTIONS);
            throw new ProtocolException(ErrorCode.OVERLOADED, "this session has " + max
                    + " subscriptions (limits.subscriptions)");
        }
    }

    /**
     * Only the owner subscribes under its inbox; {@code /clients/*} patterns are fine.
     * Its own inbox needs no grant; anything else needs the subscribe grant.
     */
    private ChannelPattern allowedPattern(Session s, String ch) throws ProtocolException {
        ChannelPattern p = Hub.pattern(ch);
        var seg = p.segments();
        boolean inbox = seg.size() >= 2 && "clients".equals(seg.get(0)) && !seg.get(1).equals("*") && !seg.get(1).equals("**");
        if (inbox && !seg.get(1).equals(s.inbox())) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "only its owner subscribes to the inbox /clients/" + seg.get(1));
        }
        if (!inbox) {
            hub.require(s.identity(), s.inbox(), Action.SUBSCRIBE, p);
        }
        return p;
    }
}
