package io.switchboard.bench;

import io.switchboard.channels.BadChannelException;
import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.channels.PatternTrie;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded, realistic subscription and publish mix for {@link PatternTrie}.
 *
 * <p>Every subscription template has exactly one dimension whose size grows linearly with the number
 * of subscriptions (a building, a client id or a chat room) and otherwise fixed parts, so the
 * expected number of subscribers a published channel matches is the same at 1,000 and at 100,000
 * subscriptions. Comparing the two then shows what the index size itself costs.
 *
 * <pre>
 * share  kind   template                                  (scale f = subscriptions / 100,000)
 * 30%    lit    /sensors/&lt;b&gt;/&lt;r&gt;/&lt;metric&gt;     b: 500 f buildings, r: 8 rooms, 8 metrics
 * 25%    lit    /clients/&lt;id&gt;/&lt;status|inbox|events|commands&gt;   id: 25,000 f clients
 * 15%    lit    /chat/&lt;room&gt;                        room: 10,000 f rooms
 *  6%    *      /sensors/&lt;b&gt;/{@literal *}/&lt;metric&gt;
 *  4%    *      /sensors/&lt;b&gt;/&lt;r&gt;/{@literal *}
 *  6%    *      /clients/&lt;id&gt;/{@literal *}
 *  4%    *      /chat/&lt;room&gt;/{@literal *}
 *  3%    **     /sensors/&lt;b&gt;/{@literal **}
 *  5%    **     /clients/&lt;id&gt;/{@literal **}
 *  2%    **     /chat/&lt;room&gt;/{@literal **}
 * </pre>
 * Published channels: 45% sensor readings, 35% client channels, 15% chat rooms, 5%
 * {@code /chat/<room>/typing}.
 */
public final class ChannelWorkload {

    static final String[] METRICS = {"temp", "humidity", "co2", "lux", "noise", "pm25", "voc", "motion"};
    static final String[] CLIENT_SUBS = {"status", "inbox", "events", "commands"};
    static final int ROOMS = 8;

    final int buildings;
    final int clients;
    final int chatRooms;

    public ChannelWorkload(int subscriptions) {
        double f = subscriptions / 100_000.0;
        this.buildings = Math.max(1, (int) Math.round(500 * f));
        this.clients = Math.max(1, (int) Math.round(25_000 * f));
        this.chatRooms = Math.max(1, (int) Math.round(10_000 * f));
    }

    /** {@code count} subscription patterns, in a fixed order for a given seed. */
    public List<ChannelPattern> patterns(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<ChannelPattern> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(pattern(r.nextInt(100), r));
        }
        return out;
    }

    /** {@code count} published channels, in a fixed order for a given seed. */
    public ChannelPath[] channels(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        ChannelPath[] out = new ChannelPath[count];
        for (int i = 0; i < count; i++) {
            int pick = r.nextInt(100);
            String s;
            if (pick < 45) {
                s = "/sensors/" + building(r) + "/" + room(r) + "/" + metric(r);
            } else if (pick < 80) {
                s = "/clients/" + client(r) + "/" + CLIENT_SUBS[r.nextInt(CLIENT_SUBS.length)];
            } else if (pick < 95) {
                s = "/chat/" + chat(r);
            } else {
                s = "/chat/" + chat(r) + "/typing";
            }
            out[i] = path(s);
        }
        return out;
    }

    /** A trie holding {@code patterns}, subscriber i being the Integer i. */
    public static PatternTrie<Integer> trie(List<ChannelPattern> patterns) {
        PatternTrie<Integer> trie = new PatternTrie<>();
        for (int i = 0; i < patterns.size(); i++) {
            trie.add(patterns.get(i), i);
        }
        if (trie.size() != patterns.size()) {
            throw new IllegalStateException("trie holds " + trie.size() + " of " + patterns.size());
        }
        return trie;
    }

    private ChannelPattern pattern(int pick, SplittableRandom r) {
        String s;
        if (pick < 30) {
            s = "/sensors/" + building(r) + "/" + room(r) + "/" + metric(r);
        } else if (pick < 55) {
            s = "/clients/" + client(r) + "/" + CLIENT_SUBS[r.nextInt(CLIENT_SUBS.length)];
        } else if (pick < 70) {
            s = "/chat/" + chat(r);
        } else if (pick < 76) {
            s = "/sensors/" + building(r) + "/*/" + metric(r);
        } else if (pick < 80) {
            s = "/sensors/" + building(r) + "/" + room(r) + "/*";
        } else if (pick < 86) {
            s = "/clients/" + client(r) + "/*";
        } else if (pick < 90) {
            s = "/chat/" + chat(r) + "/*";
        } else if (pick < 93) {
            s = "/sensors/" + building(r) + "/**";
        } else if (pick < 98) {
            s = "/clients/" + client(r) + "/**";
        } else {
            s = "/chat/" + chat(r) + "/**";
        }
        try {
            return ChannelPattern.parse(s);
        } catch (BadChannelException e) {
            throw new IllegalStateException(s, e);
        }
    }

    private String building(SplittableRandom r) {
        return "b" + r.nextInt(buildings);
    }

    private static String room(SplittableRandom r) {
        return "r" + r.nextInt(ROOMS);
    }

    private static String metric(SplittableRandom r) {
        return METRICS[r.nextInt(METRICS.length)];
    }

    private String client(SplittableRandom r) {
        return "c" + Integer.toString(r.nextInt(clients), 36) + "-dev";
    }

    private String chat(SplittableRandom r) {
        return "room-" + r.nextInt(chatRooms);
    }

    private static ChannelPath path(String s) {
        try {
            return ChannelPath.parse(s);
        } catch (BadChannelException e) {
            throw new IllegalStateException(s, e);
        }
    }
}
