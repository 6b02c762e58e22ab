package io.switchboard.routing;

import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.protocol.Gap;
import io.switchboard.protocol.Since;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One subscriber's messages, for any number of patterns: each subscription starts with the
 * replay after {@code since} (gaps first, when history cannot cover it) or else the retained
 * values, then goes live. A message matching several patterns comes once. Sessions, SSE streams
 * and the {@code /data} channel sockets all subscribe through a feed.
 *
 * <p>Concurrency: the start and every live message are handed on under {@code lock} (the owner's
 * monitor, so that what the owner queues around a start stays in order with it), so no live
 * message overtakes a start; a live copy of a message the start already gave is skipped by
 * offset (the replay floors, per channel). A feed that is {@linkplain #close closed} subscribes to
 * nothing more.
 */
public final class Feed implements Subscriber {

    /** Where a feed's messages go. Called under the feed's lock: implementations only queue. */
    public interface Out {
        /** A message of a start, or a live one; false when the receiver is now over its limit. */
        boolean message(Message m);

        /** What a start's {@code since} asked for and history no longer holds (before its messages). */
        boolean gap(Gap gap);

        /** After a live message, outside the lock; {@code fits} is what {@link #message} said. */
        default void delivered(boolean fits) {
        }
    }

    private final Router router;
    private final String inbox;
    private final Object lock;
    private final Out out;
    private final Set<ChannelPattern> patterns = ConcurrentHashMap.newKeySet();
    /** Per channel, the highest offset a start gave: live copies at or below it are skipped. Guarded by lock. */
    private final Map<ChannelPath, Long> floors = new HashMap<>();
    private volatile boolean closed;

    /** {@code inbox}: the name of the one {@code /clients/<name>} the subscriber may see, or null for none. */
    public Feed(Router router, String inbox, Object lock, Out out) {
        this.router = router;
        this.inbox = inbox;
        this.lock = lock;
        this.out = out;
    }

    /**
     * Subscribes and hands on the start: after {@code since} (an epoch gap or channel gaps first),
     * or the retained values when {@code since} is null. Returns whether everything fit.
     */
    public boolean subscribe(ChannelPattern pattern, Since since) {
        synchronized (lock) {
            if (closed) {
                return true;
            }
            patterns.add(pattern);
            router.subscribe(this, pattern);
            return since == null ? start(router.retainedFor(this, pattern)) : replay(pattern, since);
        }
    }

    private boolean replay(ChannelPattern pattern, Since since) {
        Replay r = router.replayFor(this, pattern, since);
        boolean fits = true;
        if (r.epochChanged()) {
            fits = out.gap(Gap.epochChanged(router.log().epoch()));
        }
        for (Replay.ChannelGap g : r.gaps()) {
            fits &= out.gap(Gap.lost(g.ch(), g.from(), g.to()));
        }
        return start(r.messages()) && fits;
    }

    private boolean start(Iterable<Message> messages) {
        boolean fits = true;
        for (Message m : messages) {
            fits &= out.message(m);
            floors.merge(m.channel(), m.off(), Math::max);
        }
        return fits;
    }

    /**
     * Subscribes with no start: a session taken up from another node, whose journal holds what it
     * already got (the caller replays what it missed).
     */
    public void resubscribe(ChannelPattern pattern) {
        if (!closed) {
            patterns.add(pattern);
            router.subscribe(this, pattern);
        }
    }

    public boolean unsubscribe(ChannelPattern pattern) {
        patterns.remove(pattern);
        return router.unsubscribe(this, pattern);
    }

    /** Unsubscribes from every pattern, for good. */
    public void close() {
        synchronized (lock) {
            closed = true;
            for (ChannelPattern p : patterns) {
                router.unsubscribe(this, p);
            }
            patterns.clear();
        }
    }

    @Override
    public void deliver(Message m) {
        boolean fits;
        synchronized (lock) {
            if (!floors.isEmpty() && startGave(m)) {
                return;
            }
            fits = out.message(m);
        }
        out.delivered(fits);
    }

    /** Whether a start already gave {@code m}; the first live message past a floor lifts it. */
    private boolean startGave(Message m) {
        Long floor = floors.get(m.channel());
        if (floor == null) {
            return false;
        }
        if (m.off() <= floor) {
            return true;
        }
        floors.remove(m.channel());
        return false;
    }

    /** Whether {@link #close} was called. */
    public boolean closed() {
        return closed;
    }

    @Override
    public String inbox() {
        return inbox;
    }

    public Set<ChannelPattern> patterns() {
        return Set.copyOf(patterns);
    }

    public boolean subscribedTo(ChannelPattern p) {
        return patterns.contains(p);
    }

    public int subscriptionCount() {
        return patterns.size();
    }
}
