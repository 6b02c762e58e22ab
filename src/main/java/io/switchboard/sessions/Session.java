package io.switchboard.sessions;

import io.switchboard.auth.Identity;
import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.protocol.ServerFrames;
import io.switchboard.protocol.Since;
import io.switchboard.routing.Message;
import io.switchboard.routing.Replay;
import io.switchboard.routing.Router;
import io.switchboard.routing.Subscriber;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client's session: it belongs to a client id, not to a socket, and keeps its subscriptions and
 * unacked frames while it has no connection. The monitor of this object guards the outbox and
 * the replay floors; {@link Link#wake} is always called outside it.
 */
public final class Session implements Subscriber {
    private final String client;
    private final String id;
    private final String name;
    private final Kind kind;
    private final boolean resumable;
    private final Outbox outbox;
    private final SessionListener listener;
    private final Set<ChannelPattern> patterns = ConcurrentHashMap.newKeySet();
    private final RecentIds recent;
    /** Per channel, the highest offset already given by a replay: live copies at or below it are skipped. */
    private final Map<ChannelPath, Long> replayFloors = new HashMap<>();
    private volatile Link link;
    /** Set once in cluster mode: the single node's path does not even take the lock for the journal. */
    private volatile boolean journaled;
    private volatile boolean batch;
    private volatile long detachedAt;
    private volatile boolean ended;
    private volatile Identity identity;

    public Session(String client, String id, String name, Kind kind, boolean resumable, int queueLimit,
                   SessionListener listener) {
        this(client, id, name, kind, resumable, queueLimit, Long.MAX_VALUE, 1000, listener);
    }

    /** With a byte budget for the queue ({@code queueBytes}) and {@code recentIds} ids remembered. */
    public Session(String client, String id, String name, Kind kind, boolean resumable, int queueLimit,
                   long queueBytes, int recentIds, SessionListener listener) {
        this.recent = new RecentIds(recentIds, queueBytes);
        this.client = client;
        this.id = id;
        this.name = name;
        this.kind = kind;
        this.resumable = resumable;
        this.outbox = new Outbox(resumable, queueLimit, queueBytes);
        this.listener = listener;
    }

    @Override
    public String inbox() {
        return name != null ? name : client;
    }

    @Override
    public void deliver(Message m) {
        boolean fits;
        synchronized (this) {
            if (!replayFloors.isEmpty() && skipAsReplayed(m)) {
                return;
            }
            fits = outbox.pushSequenced(m.openFrame(), m.off());
        }
        afterPush(fits);
    }

    private boolean skipAsReplayed(Message m) {
        Long floor = replayFloors.get(m.channel());
        if (floor == null) {
            return false;
        }
        if (m.off() <= floor) {
            return true;
        }
        replayFloors.remove(m.channel());
        return false;
    }

    public void sendTransient(String frame) {
        synchronized (this) {
            outbox.pushTransient(frame);
        }
        afterPush(true);
    }

    /**
     * Sends a sequenced frame that answers the request {@code frameId}, and remembers it as that
     * id's answer before the frame can reach the client: a repeat of the id that comes right after
     * the answer must find it, not the in-progress marker.
     */
    public void answerSequenced(String frameId, String openFrame) {
        boolean fits;
        synchronized (this) {
            recent.remember(frameId, outbox.pushSequencedText(openFrame, 0));
            fits = !outbox.overflowing();
        }
        afterPush(fits);
    }

    public void sendSequenced(String openFrame) {
        boolean fits;
        synchronized (this) {
            fits = outbox.pushSequenced(openFrame, 0);
        }
        afterPush(fits);
    }

    /**
     * Subscribes, answers {@code ok}, then sends what the subscription starts with: the replay
     * after {@code since}, or else the retained values. Done under this session's monitor so no
     * live message slips in between; live copies of replayed messages are skipped.
     */
    public void subscribe(Router router, ChannelPattern pattern, Since since, String okFrame) {
        boolean fits = true;
        synchronized (this) {
            if (ended) {
                return;
            }
            patterns.add(pattern);
            // The journal hears of it first: a node taking the session up replays this pattern from
            // the point before it was subscribed.
            journalSubscriptions();
            router.subscribe(this, pattern);
            if (okFrame != null) {
                outbox.pushTransient(okFrame);
            }
            if (since != null) {
                Replay r = router.replayFor(this, pattern, since);
                if (r.epochChanged()) {
                    fits = outbox.pushSequenced(ServerFrames.epochGapOpen(router.log().epoch()), 0);
                }
                for (Replay.ChannelGap g : r.gaps()) {
                    fits &= outbox.pushSequenced(ServerFrames.historyGapOpen(g.ch(), g.from(), g.to()), 0);
                }
                fits &= pushStart(r.messages());
            } else {
                fits = pushStart(router.retainedFor(this, pattern));
            }
        }
        afterPush(fits);
    }

    private boolean pushStart(Iterable<Message> messages) {
        boolean fits = true;
        for (Message m : messages) {
            fits &= outbox.pushSequenced(m.openFrame(), m.off());
            replayFloors.merge(m.channel(), m.off(), Math::max);
        }
        return fits;
    }

    public boolean unsubscribe(Router router, ChannelPattern pattern) {
        patterns.remove(pattern);
        journalSubscriptions();
        return router.unsubscribe(this, pattern);
    }

    /**
     * A subscription this session had on another node, taken up here without an {@code ok} or a
     * start (the journal holds what it already got; the caller replays what it missed).
     */
    public void resubscribe(Router router, ChannelPattern pattern) {
        patterns.add(pattern);
        router.subscribe(this, pattern);
    }

    /** From now on the client sees a frame only once {@code j} has it (cluster mode). */
    public synchronized void useJournal(Journal j) {
        outbox.journal(j);
        journaled = outbox.journal() != null;
    }

    /**
     * Takes up what the journal kept of this session on another node: the frames its client may
     * not have yet, the last seq it was given ({@code journaledSeq}) and the range dropped.
     */
    public synchronized void restore(List<Journal.Entry> entries, long journaledSeq, long gapFrom, long gapTo) {
        outbox.restore(entries, journaledSeq, gapFrom, gapTo);
    }

    /** Whether an append to the journal is still in flight. */
    public synchronized boolean journalBusy() {
        return outbox.appending();
    }

    private void journalSubscriptions() {
        if (!journaled) {
            return;
        }
        Journal j;
        synchronized (this) {
            j = outbox.journal();
        }
        if (j != null) {
            j.subscriptions(Set.copyOf(patterns));
        }
    }

    /** Hands what the journal does not have yet to it; the client may see it once it is kept. */
    private void flushJournal() {
        if (!journaled) {
            return;
        }
        List<Journal.Entry> batch;
        Journal j;
        synchronized (this) {
            batch = outbox.takeUndurable();
            j = outbox.journal();
        }
        if (batch != null) {
            j.append(batch, () -> {
                synchronized (this) {
                    outbox.durable(batch);
                }
                try {
                    Link l = link;
                    if (l != null) {
                        l.wake();
                    }
                } finally {
                    flushJournal();
                }
            });
        }
    }

    private void afterPush(boolean fits) {
        flushJournal();
        Link l = link;
        if (!fits) {
            int dropped;
            synchronized (this) {
                dropped = outbox.shed();
            }
            listener.slowConsumer(this, dropped);
            if (l != null) {
                l.close(1013, "slow consumer: more than the queue limit unacked");
            }
        } else if (l != null) {
            l.wake();
        }
    }

    /** Binds a connection; it gets {@code greeting}, then the gap and every frame after {@code seq}. */
    public void attach(Link newLink, long seq, boolean batchFrames, String greeting) {
        // Bound before it is this session's link: a journal write completing on another thread may wake it at once.
        newLink.bind(this);
        synchronized (this) {
            this.link = newLink;
            this.batch = batchFrames;
            outbox.attach(seq, greeting);
        }
        newLink.wake();
    }

    /** The connection is gone; the session waits for a resume until {@code sessionTtl}. */
    public void detach(Link oldLink, long now) {
        synchronized (this) {
            if (link != oldLink) {
                return;
            }
            link = null;
            detachedAt = now;
            outbox.detach();
        }
    }

    /** Ends the session: drops its subscriptions. The caller removes it from the registry. */
    public void end(Router router) {
        ended = true;
        for (ChannelPattern p : patterns) {
            router.unsubscribe(this, p);
        }
        patterns.clear();
        synchronized (this) {
            link = null;
            outbox.detach();
        }
    }

    public synchronized boolean ack(long seq) {
        return outbox.ack(seq);
    }

    public synchronized String nextToWrite() {
        return outbox.next();
    }

    public synchronized String nextBatch(int maxChars) {
        return outbox.nextBatch(maxChars);
    }

    /**
     * Takes what is pending for {@code writer}, up to about {@code maxChars}; returns how many
     * frames. Only the current link gets any: a link that was replaced may still be finishing a
     * write, and must not take frames meant for its successor.
     */
    public synchronized int drainTo(Link writer, java.util.List<String> out, int maxChars) {
        return writer == link ? outbox.drainTo(out, maxChars) : 0;
    }

    public synchronized boolean hasToWrite(Link writer) {
        return writer == link && outbox.hasToWrite();
    }

    public String answerTo(String frameId) {
        return recent.answerTo(frameId);
    }

    public void remember(String frameId, String answer) {
        recent.remember(frameId, answer);
    }

    public synchronized long lastSeq() {
        return outbox.lastSeq();
    }

    /** Characters of frame text the queue holds (what {@code limits.queueBytes} bounds). */
    public synchronized long queueBytes() {
        return outbox.bytes();
    }

    /** How many patterns the session is subscribed to (its inbox included). */
    public int subscriptionCount() {
        return patterns.size();
    }

    /** Whether the session is subscribed to {@code p} already. */
    public boolean subscribedTo(ChannelPattern p) {
        return patterns.contains(p);
    }

    public synchronized int queueDepth() {
        return outbox.depth();
    }

    public String client() {
        return client;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public boolean resumable() {
        return resumable;
    }

    public boolean batch() {
        return batch;
    }

    public Link link() {
        return link;
    }

    public long detachedAt() {
        return detachedAt;
    }

    public boolean ended() {
        return ended;
    }

    /** Who the session acts for (null when the hub runs open). */
    public Identity identity() {
        return identity;
    }

    public void identify(Identity who) {
        this.identity = who;
    }

    public Set<ChannelPattern> patterns() {
        return Set.copyOf(patterns);
    }
}
