package io.switchboard.sessions;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Where the hub keeps its live sessions and the inbox names they hold. The single node keeps
 * them in memory ({@link LocalSessionStore}); a cluster keeps them where a session can outlive
 * its node.
 */
public interface SessionStore {

    Session find(String client);

    /**
     * {@link #find(String)} for a client resuming after {@code resumeSeq}: a store that takes the
     * session up from elsewhere need not hold again what the client says it has.
     */
    default Session find(String client, long resumeSeq) {
        return find(client);
    }

    /**
     * The user whose token opened the session of {@code client}, or null if there is none or it
     * has no user. Asked before {@link #find} so that a hello of another user can be refused
     * before anything happens to the session (a cluster store would take it from its node).
     */
    default String userOf(String client) {
        Session s = find(client);
        return s == null || s.identity() == null ? null : s.identity().user();
    }

    /**
     * The session of {@code client} if this node holds it: never takes it up from elsewhere (the
     * Server API acts on this node's sessions only).
     */
    default Session here(String client) {
        return find(client);
    }

    /** The live session of {@code client}, or a new one made by {@code create}. */
    Session findOrCreate(String client, Function<String, Session> create);

    /** Claims an inbox name (a session's name, else its client id); false if another live session holds it. */
    boolean claimInbox(String inbox, String client);

    void remove(Session s);

    Collection<Session> all();

    int size();

    /** Sessions without a connection for longer than {@code ttlMillis}. */
    List<Session> expired(long now, long ttlMillis);
}
