package io.switchboard.routing;

import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.channels.PatternTrie;
import io.switchboard.protocol.Since;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Routes published messages to subscribers. A message is appended to the log and handed to the
 * bus under one lock on the single node, so every subscriber sees all messages in offset order,
 * across channels too: a resume from an offset ({@code since}, SSE {@code Last-Event-ID}) of a
 * pattern then misses nothing and repeats nothing. (Delivery is only queueing to outboxes, so the
 * lock is short.) A bus that delivers in log order itself (the cluster's) needs only per-channel
 * stripes around the append. Inboxes ({@code /clients/<name>/**}) are narrowcast: no pattern reaches another
 * session's inbox.
 */
public final class Router {
    private static final int STRIPES = 64;

    private final PatternTrie<Subscriber> subscriptions = new PatternTrie<>();
    private final MessageLog log;
    private final Bus bus;
    private final Object[] stripes = new Object[STRIPES];
    private final LongAdder published = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private volatile ChannelObserver observer = ChannelObserver.NONE;
    private volatile SubscriptionWatcher watcher = SubscriptionWatcher.NONE;
    /** Subscribers per pattern held, for the Server API's channel list (the trie matches, it does not list). */
    private final Map<ChannelPattern, Integer> patterns = new ConcurrentHashMap<>();

    public Router(MessageLog log, Bus bus) {
        this.log = log;
        this.bus = bus;
        Object one = new Object();
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = bus.deliversInLogOrder() ? new Object() : one;
        }
        bus.onMessage(this::deliverLocal);
    }

    /** Who watches the namespace (one observer: the index tree); set once at start-up. */
    public void observe(ChannelObserver observer) {
        this.observer = observer;
    }

    /** Who hears of every subscription taken and left (the hub's events); set once at start-up. */
    public void watchSubscriptions(SubscriptionWatcher watcher) {
        this.watcher = watcher;
    }

    public MessageLog log() {
        return log;
    }

    public Message publish(ChannelPath channel, String data, String from, boolean retain) {
        synchronized (stripes[Math.floorMod(channel.hashCode(), STRIPES)]) {
            Message m = log.append(channel, data, from, retain);
            published.increment();
            bus.publish(m);
            return m;
        }
    }

    /** On every node (a clustered bus calls it for each message), so each node's namespace sees every channel. */
    private void deliverLocal(Message m) {
        observer.published(m);
        subscriptions.match(m.channel(), s -> {
            if (canSee(s, m.channel())) {
                delivered.increment();
                s.deliver(m);
            }
        });
    }

    public boolean subscribe(Subscriber s, ChannelPattern pattern) {
        boolean added = subscriptions.add(pattern, s);
        if (added) {
            int held = patterns.merge(pattern, 1, Integer::sum);
            observer.subscribed(pattern);
            watcher.subscribed(s, pattern, held == 1);
        }
        return added;
    }

    public boolean unsubscribe(Subscriber s, ChannelPattern pattern) {
        boolean removed = subscriptions.remove(pattern, s);
        if (removed) {
            Integer left = patterns.computeIfPresent(pattern, (p, n) -> n == 1 ? null : n - 1);
            observer.unsubscribed(pattern);
            watcher.unsubscribed(s, pattern, left == null);
        }
        return removed;
    }

    public boolean hasSubscriber(ChannelPath channel) {
        return subscriptions.hasMatch(channel);
    }

    /** The retained values {@code s} may see (a feed's start). */
    List<Message> retainedFor(Subscriber s, ChannelPattern pattern) {
        List<Message> out = new ArrayList<>();
        for (Message m : log.retained(pattern)) {
            if (canSee(s, m.channel())) {
                out.add(m);
            }
        }
        return out;
    }

    /** What {@code s} may see of the replay after {@code since} (a feed's start). */
    Replay replayFor(Subscriber s, ChannelPattern pattern, Since since) {
        Replay all = log.replay(pattern, since);
        List<Message> visible = all.messages().stream().filter(m -> canSee(s, m.channel())).toList();
        List<Replay.ChannelGap> gaps = all.gaps().stream().filter(g -> canSee(s, g.ch())).toList();
        return new Replay(all.epochChanged(), gaps, visible);
    }

    /**
     * The live channels {@code filter} matches, by name: those with history or a retained value
     * and those subscribed to by name, each with the subscribers that get its messages (pattern
     * subscribers included, each once); then the wildcard patterns subscribed to, each with its own
     * subscribers, listed when {@code filter} matches the pattern read literally.
     */
    public List<ChannelCount> channels(ChannelPattern filter) {
        java.util.TreeSet<ChannelPath> live = new java.util.TreeSet<>(java.util.Comparator.comparing(ChannelPath::value));
        live.addAll(log.channels());
        List<ChannelCount> wild = new ArrayList<>();
        patterns.forEach((p, n) -> {
            if (!p.isWildcard()) {
                live.add(p.toPath());
            } else if (filter.matches(new ChannelPath(p.value(), p.segments()))) {
                wild.add(new ChannelCount(p.value(), n, true));
            }
        });
        List<ChannelCount> out = new ArrayList<>();
        for (ChannelPath ch : live) {
            if (filter.matches(ch)) {
                int n = (int) subscriptions.match(ch).stream().filter(s -> canSee(s, ch)).count();
                out.add(new ChannelCount(ch.value(), n, false));
            }
        }
        wild.sort(java.util.Comparator.comparing(ChannelCount::ch));
        out.addAll(wild);
        return out;
    }

    public static boolean isInbox(ChannelPath channel) {
        return channel.depth() >= 2 && "clients".equals(channel.segment(0));
    }

    /** Whether the owner of {@code inbox} may get messages of {@code channel} (no other session's inbox). */
    public static boolean visible(String inbox, ChannelPath channel) {
        return !isInbox(channel) || channel.segment(1).equals(inbox);
    }

    private static boolean canSee(Subscriber s, ChannelPath channel) {
        return visible(s.inbox(), channel);
    }

    private static boolean canSee(Subscriber s, String channel) {
        String prefix = "/clients/";
        if (!channel.startsWith(prefix)) {
            return true;
        }
        int end = channel.indexOf('/', prefix.length());
        String owner = end < 0 ? channel.substring(prefix.length()) : channel.substring(prefix.length(), end);
        return owner.equals(s.inbox());
    }

    public int subscriptionCount() {
        return subscriptions.size();
    }

    public long publishedCount() {
        return published.sum();
    }

    public long deliveredCount() {
        return delivered.sum();
    }
}
