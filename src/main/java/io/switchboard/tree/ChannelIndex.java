package io.switchboard.tree;

import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.routing.ChannelObserver;
import io.switchboard.routing.Message;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Mirrors the channel namespace under {@code /data} into the index tree (docs/web.md): a channel
 * appears once it has a retained value, history or a subscriber to exactly that channel, and
 * disappears when it has none of them. Wildcard subscriptions do not make channels.
 *
 * <p>Cheap on the publish path: a channel outside {@code /data} costs a segment comparison, a
 * known one a set lookup; only a first appearance takes the monitor. Disappearance is checked when
 * an exact subscription ends and by {@link #sweep} (the hub calls it about once a second), which
 * is how a channel whose last held message has expired ({@code historyTtl}) and that has no retained
 * value and no subscriber leaves the tree: within about a second of the expiry.
 */
public final class ChannelIndex implements ChannelObserver {
    private final IndexTree tree;
    /** Whether a channel has history or a retained value now (the hub's log). */
    private final Predicate<ChannelPath> held;
    private final Set<ChannelPath> live = ConcurrentHashMap.newKeySet();
    private final Map<ChannelPath, Integer> exactSubscribers = new ConcurrentHashMap<>();

    public ChannelIndex(IndexTree tree, Predicate<ChannelPath> held) {
        this.tree = tree;
        this.held = held;
    }

    static boolean underData(ChannelPath ch) {
        return ch.depth() >= 2 && "data".equals(ch.segment(0));
    }

    @Override
    public void published(Message m) {
        ChannelPath ch = m.channel();
        if (underData(ch) && !live.contains(ch)) {
            appear(ch);
        }
    }

    @Override
    public void subscribed(ChannelPattern pattern) {
        if (pattern.isWildcard()) {
            return;
        }
        ChannelPath ch = pattern.toPath();
        if (underData(ch)) {
            exactSubscribers.merge(ch, 1, Integer::sum);
            appear(ch);
        }
    }

    @Override
    public void unsubscribed(ChannelPattern pattern) {
        if (pattern.isWildcard()) {
            return;
        }
        ChannelPath ch = pattern.toPath();
        if (underData(ch)) {
            exactSubscribers.computeIfPresent(ch, (c, n) -> n <= 1 ? null : n - 1);
            check(ch);
        }
    }

    /** The channels that already hold something when the index starts watching. */
    public void seed(java.util.Collection<ChannelPath> held) {
        for (ChannelPath ch : held) {
            if (underData(ch)) {
                appear(ch);
            }
        }
    }

    /** Removes the channels that no longer have anything. */
    public void sweep() {
        for (ChannelPath ch : live) {
            check(ch);
        }
    }

    private synchronized void appear(ChannelPath ch) {
        if (live.add(ch)) {
            tree.put(ch.value(), Kind.CHANNEL);
        }
    }

    /**
     * A publish that raced with the removal (it saw the channel still live, then the removal went
     * ahead) is caught by the second look after it: its message is in the log by then.
     */
    private synchronized void check(ChannelPath ch) {
        if (live.contains(ch) && !inUse(ch)) {
            live.remove(ch);
            tree.drop(ch.value());
            if (inUse(ch)) {
                appear(ch);
            }
        }
    }

    private boolean inUse(ChannelPath ch) {
        return exactSubscribers.containsKey(ch) || held.test(ch);
    }

    /** Channels under /data in the tree now. */
    public int count() {
        return live.size();
    }

    public boolean isLive(ChannelPath ch) {
        return live.contains(ch);
    }
}
