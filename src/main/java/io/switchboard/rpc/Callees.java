package io.switchboard.rpc;

import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.channels.PatternTrie;
import io.switchboard.sessions.Session;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The sessions that answer calls, by the patterns they registered. */
public final class Callees {
    private final PatternTrie<Session> byPattern = new PatternTrie<>();
    private final Map<Session, Set<ChannelPattern>> bySession = new ConcurrentHashMap<>();
    private final AtomicLong turn = new AtomicLong();

    public void register(Session callee, ChannelPattern pattern) {
        bySession.computeIfAbsent(callee, s -> ConcurrentHashMap.newKeySet()).add(pattern);
        byPattern.add(pattern, callee);
    }

    public void unregister(Session callee, ChannelPattern pattern) {
        Set<ChannelPattern> mine = bySession.get(callee);
        if (mine != null) {
            mine.remove(pattern);
        }
        byPattern.remove(pattern, callee);
    }

    public void unregisterAll(Session callee) {
        Set<ChannelPattern> mine = bySession.remove(callee);
        if (mine != null) {
            mine.forEach(p -> byPattern.remove(p, callee));
        }
    }

    /**
     * One connected callee for the channel, taking turns among all that match; null if none is
     * connected. A callee whose socket is down is passed over: it may never come back in time.
     */
    public Session pick(ChannelPath channel) {
        List<Session> candidates = new ArrayList<>();
        byPattern.match(channel, s -> {
            if (s.link() != null && !s.ended()) {
                candidates.add(s);
            }
        });
        if (candidates.isEmpty()) {
            return null;
        }
        candidates.sort(Comparator.comparing(Session::id));
        return candidates.get((int) Math.floorMod(turn.getAndIncrement(), (long) candidates.size()));
    }

    public int count() {
        return byPattern.size();
    }
}
