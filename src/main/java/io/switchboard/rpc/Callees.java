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
    /** How many sessions registered each pattern: a cluster hears when a pattern's first comes and last goes. */
    private final Map<ChannelPattern, Integer> perPattern = new ConcurrentHashMap<>();

    /** Registers; true if {@code callee} is the pattern's first. */
    public boolean register(Session callee, ChannelPattern pattern) {
        boolean added = bySession.computeIfAbsent(callee, s -> ConcurrentHashMap.newKeySet()).add(pattern);
        byPattern.add(pattern, callee);
        return added && perPattern.merge(pattern, 1, Integer::sum) == 1;
    }

    /** Unregisters; true if the pattern has no callee left. */
    public boolean unregister(Session callee, ChannelPattern pattern) {
        Set<ChannelPattern> mine = bySession.get(callee);
        boolean removed = mine != null && mine.remove(pattern);
        byPattern.remove(pattern, callee);
        return removed && leave(pattern);
    }

    /** Unregisters everything of {@code callee}; returns the patterns that have no callee left. */
    public List<ChannelPattern> unregisterAll(Session callee) {
        List<ChannelPattern> emptied = new ArrayList<>();
        Set<ChannelPattern> mine = bySession.remove(callee);
        if (mine != null) {
            for (ChannelPattern p : mine) {
                byPattern.remove(p, callee);
                if (leave(p)) {
                    emptied.add(p);
                }
            }
        }
        return emptied;
    }

    private boolean leave(ChannelPattern pattern) {
        return perPattern.computeIfPresent(pattern, (p, n) -> n <= 1 ? null : n - 1) == null;
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
