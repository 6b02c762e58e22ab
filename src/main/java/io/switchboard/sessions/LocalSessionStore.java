package io.switchboard.sessions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The single node's session store, in this JVM's memory: the live sessions by client id, and the inbox names they hold: a session's name, or its client
 * id when it has none. Inbox names are unique among live sessions, so a name
 * can no more be a live session's client id than another's name.
 */
public final class LocalSessionStore implements SessionStore {
    private final Map<String, Session> byClient = new ConcurrentHashMap<>();
    private final Map<String, String> ownerOfInbox = new ConcurrentHashMap<>();

    @Override
    public Session find(String client) {
        return byClient.get(client);
    }

    /** The live session of {@code client}, or a new one made by {@code create}. */
    @Override
    public Session findOrCreate(String client, Function<String, Session> create) {
        return byClient.computeIfAbsent(client, create);
    }

    /** Claims an inbox name for a client; false if another live session holds it. */
    @Override
    public boolean claimInbox(String inbox, String client) {
        String owner = ownerOfInbox.compute(inbox, (n, current) ->
                current == null || current.equals(client) || !byClient.containsKey(current) ? client : current);
        return owner.equals(client);
    }

    @Override
    public void remove(Session s) {
        byClient.remove(s.client(), s);
        ownerOfInbox.remove(s.inbox(), s.client());
    }

    @Override
    public Collection<Session> all() {
        return byClient.values();
    }

    @Override
    public int size() {
        return byClient.size();
    }

    /** Sessions without a connection for longer than {@code ttlMillis}. */
    @Override
    public List<Session> expired(long now, long ttlMillis) {
        List<Session> out = new ArrayList<>();
        for (Session s : byClient.values()) {
            if (s.link() == null && s.detachedAt() > 0 && now - s.detachedAt() > ttlMillis) {
                out.add(s);
            }
        }
        return out;
    }
}
