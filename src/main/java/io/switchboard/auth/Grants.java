package io.switchboard.auth;

import io.switchboard.channels.BadChannelException;
import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The patterns each role grants for each action. A role spec is
 * {@code publish:/a/**|/b/*;subscribe:/**;call:/svc/**;register:/svc/**}. The role
 * {@code default}, unless configured, grants {@code /**} for everything (auth on, ACLs opt-in).
 */
public final class Grants {
    private final Map<String, Map<Action, List<ChannelPattern>>> byRole = new HashMap<>();

    public static Grants parse(Map<String, String> roleSpecs) {
        Grants g = new Grants();
        roleSpecs.forEach((role, spec) -> g.byRole.put(role, parseRole(role, spec)));
        g.byRole.computeIfAbsent(Users.DEFAULT_ROLE, r -> everything());
        return g;
    }

    private static Map<Action, List<ChannelPattern>> parseRole(String role, String spec) {
        Map<Action, List<ChannelPattern>> m = new EnumMap<>(Action.class);
        for (String part : spec.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.trim().split(":", 2);
            Action a;
            try {
                a = Action.valueOf(kv[0].trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("role " + role + ": unknown action '" + kv[0] + "'");
            }
            List<ChannelPattern> patterns = m.computeIfAbsent(a, x -> new ArrayList<>());
            for (String p : kv.length < 2 ? new String[0] : kv[1].split("\\|")) {
                patterns.add(pattern(role, p.trim()));
            }
        }
        return m;
    }

    private static Map<Action, List<ChannelPattern>> everything() {
        Map<Action, List<ChannelPattern>> m = new EnumMap<>(Action.class);
        for (Action a : Action.values()) {
            m.put(a, List.of(pattern("default", "/**"), pattern("default", "/$sys/**")));
        }
        return m;
    }

    private static ChannelPattern pattern(String role, String p) {
        try {
            return ChannelPattern.parse(p);
        } catch (BadChannelException e) {
            throw new IllegalArgumentException("role " + role + ": " + e.getMessage());
        }
    }

    /** May these roles act on this concrete channel? */
    public boolean allows(Set<String> roles, Action action, ChannelPath channel) {
        for (ChannelPattern g : patterns(roles, action)) {
            if (g.matches(channel)) {
                return true;
            }
        }
        return false;
    }

    /** May these roles use this pattern: does a granted pattern cover every channel it can match? */
    public boolean allows(Set<String> roles, Action action, ChannelPattern pattern) {
        for (ChannelPattern g : patterns(roles, action)) {
            if (covers(g.segments(), 0, pattern.segments(), 0)) {
                return true;
            }
        }
        return false;
    }

    /**
     * May these roles act on at least one channel this pattern matches? What a listing asks of a
     * branch it may show: {@code /data/geo/**} is reached by a grant of {@code /data/geo/de}.
     */
    public boolean reaches(Set<String> roles, Action action, ChannelPattern pattern) {
        for (ChannelPattern g : patterns(roles, action)) {
            if (overlap(g.segments(), pattern.segments())) {
                return true;
            }
        }
        return false;
    }

    /** Whether some channel matches both patterns; a leading wildcard never reaches a system channel. */
    static boolean overlap(List<String> x, List<String> y) {
        if (!x.isEmpty() && !y.isEmpty() && (system(x.get(0)) && wildcard(y.get(0)) || system(y.get(0)) && wildcard(x.get(0)))) {
            return false;
        }
        return overlap(x, 0, y, 0);
    }

    private static boolean overlap(List<String> x, int i, List<String> y, int j) {
        if (i == x.size() && j == y.size()) {
            return true;
        }
        if (i < x.size() && x.get(i).equals(ChannelPattern.ANY)) {
            // x's ** matches nothing more, or also the segment y matches next
            return overlap(x, i + 1, y, j) || j < y.size() && overlap(x, i, y, j + 1);
        }
        if (j < y.size() && y.get(j).equals(ChannelPattern.ANY)) {
            return overlap(x, i, y, j + 1) || i < x.size() && overlap(x, i + 1, y, j);
        }
        if (i == x.size() || j == y.size()) {
            return false;
        }
        String a = x.get(i);
        String b = y.get(j);
        boolean one = a.equals(ChannelPattern.ONE) || b.equals(ChannelPattern.ONE) || a.equals(b);
        return one && overlap(x, i + 1, y, j + 1);
    }

    private static boolean system(String segment) {
        return segment.startsWith("$");
    }

    private static boolean wildcard(String segment) {
        return segment.equals(ChannelPattern.ONE) || segment.equals(ChannelPattern.ANY);
    }

    private List<ChannelPattern> patterns(Set<String> roles, Action action) {
        List<ChannelPattern> out = new ArrayList<>();
        for (String r : roles) {
            Map<Action, List<ChannelPattern>> m = byRole.get(r);
            if (m != null) {
                out.addAll(m.getOrDefault(action, List.of()));
            }
        }
        return out;
    }

    /** Conservative: {@code **} in the grant covers anything; {@code *} covers one literal or {@code *}. */
    static boolean covers(List<String> grant, int g, List<String> asked, int a) {
        if (g == grant.size()) {
            return a == asked.size();
        }
        String gs = grant.get(g);
        if (gs.equals("**")) {
            if (g == 0 && a < asked.size() && asked.get(0).startsWith("$")) {
                return false;
            }
            for (int skip = a; skip <= asked.size(); skip++) {
                if (covers(grant, g + 1, asked, skip)) {
                    return true;
                }
            }
            return false;
        }
        if (a == asked.size() || asked.get(a).equals("**")) {
            return false;
        }
        String as = asked.get(a);
        boolean one = gs.equals("*") ? !(g == 0 && as.startsWith("$")) : gs.equals(as);
        return one && covers(grant, g + 1, asked, a + 1);
    }
}
