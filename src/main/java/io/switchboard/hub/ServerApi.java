package io.switchboard.hub;

import io.switchboard.channels.ChannelPattern;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.JsonText;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.routing.ChannelCount;
import io.switchboard.sessions.Link;
import io.switchboard.sessions.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Server API (docs/admin.md): what an admin sees of this node's sessions and channels, and
 * does to them. Who may ask is the caller's business ({@code admin:/**}); this only acts.
 */
final class ServerApi {
    /** The close code of a session an admin ended (4000-4999 is the application's range). */
    static final int DISCONNECTED = 4003;
    static final String DISCONNECTED_REASON = "disconnected by admin";

    private final Hub hub;

    ServerApi(Hub hub) {
        this.hub = hub;
    }

    List<SessionInfo> sessions() {
        List<SessionInfo> out = new ArrayList<>();
        for (Session s : hub.sessions().all()) {
            if (!s.ended()) {
                out.add(info(s));
            }
        }
        out.sort(Comparator.comparing(SessionInfo::since, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(SessionInfo::client));
        return out;
    }

    private static SessionInfo info(Session s) {
        List<String> subs = s.patterns().stream().map(ChannelPattern::value).sorted().toList();
        return new SessionInfo(s.client(), s.name(), s.identity() == null ? null : s.identity().user(), s.kind().wire(),
                s.transport(), s.link() != null, s.openedAt() == 0 ? null : Instant.ofEpochMilli(s.openedAt()),
                subs, s.queueDepth());
    }

    /** Ends the session: its connection closes with 4003 and a resume finds nothing. */
    void disconnect(String client) throws ProtocolException {
        disconnect(live(client));
    }

    private void disconnect(Session s) {
        Link l = s.link();
        // Ended first: a frame the client sends before the close reaches it finds no session to act on.
        hub.endSession(s);
        if (l != null) {
            l.close(DISCONNECTED, DISCONNECTED_REASON);
        }
    }

    /** Every session of {@code user} on this node; returns how many. */
    int disconnectUser(String user) {
        int n = 0;
        for (Session s : List.copyOf(hub.sessions().all())) {
            if (!s.ended() && s.identity() != null && s.identity().user().equals(user)) {
                disconnect(s);
                n++;
            }
        }
        return n;
    }

    /**
     * Subscribes the session as if it had sent {@code sub}: it is told first, by a sequenced
     * {@code {"op":"subscribed","ch","by":"admin"}}, then gets the retained values and the live
     * messages. The admin's grant decides, not the session's; another session's inbox stays private.
     */
    boolean subscribe(String client, String ch) throws ProtocolException {
        ChannelPattern p = Hub.pattern(ch);
        Session s = live(client);
        notAnotherInbox(s, p);
        if (s.subscribedTo(p)) {
            return false;
        }
        int max = hub.limits().budgets().subscriptions();
        if (s.subscriptionCount() >= max) {
            hub.stats().overloaded(Budget.SUBSCRIPTIONS);
            throw new ProtocolException(ErrorCode.OVERLOADED, "the session has " + max
                    + " subscriptions (limits.subscriptions)");
        }
        s.sendSequenced(told("subscribed", p));
        s.subscribe(p, null, null);
        return true;
    }

    /** Unsubscribes the session and tells it ({@code {"op":"unsubscribed","ch","by":"admin"}}) if it was subscribed. */
    boolean unsubscribe(String client, String ch) throws ProtocolException {
        ChannelPattern p = Hub.pattern(ch);
        Session s = live(client);
        if (p.equals(inbox(s))) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "a session keeps its own inbox " + p);
        }
        if (!s.unsubscribe(p)) {
            return false;
        }
        s.sendSequenced(told("unsubscribed", p));
        return true;
    }

    List<ChannelCount> channels(String filter) throws ProtocolException {
        return hub.router().channels(Hub.pattern(filter == null || filter.isBlank() ? "/**" : filter));
    }

    private Session live(String client) throws ProtocolException {
        Session s = client == null ? null : hub.sessions().here(client);
        if (s == null || s.ended()) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "no session of client '" + client + "' on this node");
        }
        return s;
    }

    private static void notAnotherInbox(Session s, ChannelPattern p) throws ProtocolException {
        var seg = p.segments();
        if (seg.size() >= 2 && "clients".equals(seg.get(0)) && !ChannelPattern.ONE.equals(seg.get(1))
                && !ChannelPattern.ANY.equals(seg.get(1)) && !seg.get(1).equals(s.inbox())) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "/clients/" + seg.get(1) + " is the inbox of another session");
        }
    }

    private static ChannelPattern inbox(Session s) throws ProtocolException {
        return Hub.pattern("/clients/" + s.inbox() + "/**");
    }

    private static String told(String op, ChannelPattern p) {
        return JsonText.op(op).str("ch", p.value()).str("by", "admin").open();
    }
}
