package io.switchboard.sessions;

import io.switchboard.auth.Identity;
import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.protocol.Gap;
import io.switchboard.protocol.ServerFrames;
import io.switchboard.protocol.Since;
import io.switchboard.routing.Feed;
import io.switchboard.routing.Message;
import io.switchboard.routing.Router;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A client's session: it belongs to a client id, not to a socket, and keeps its subscriptions and
 * unacked frames while it has no connection. The monitor of this object guards the outbox and
 * is its {@link Feed}'s lock; {@link Link#wake} is always called outside it.
 */
public final class Session {
    private final String client;
    private final String id;
    private final String name;
    private final Kind kind;
    private final boolean resumable;
    private final Outbox outbox;
    private final SessionListener listener;
    private final Feed feed;
    private final RecentIds recent;
    private volatile Link link;
    /** Set once in cluster mode: the single node's path does not even take the lock for the journal. */
    private volatile boolean journaled;
    private volatile boolean batch;
    private volatile long detachedAt;
    private volatile boolean ended;
    private volatile Identity identity;
    /** For the Server API: the transport of the latest connection ({@code ws}, {@code mux}, {@code poll}, {@code tcp}). */
    private volatile String transport;
    /** When the session opened (epoch ms), or was taken up on this node; 0 until its first connection. */
    private volatile long openedAt;

    /** A session whose subscriptions go through {@code router}. */
    public Session(Router router, String client, String id, String name, Kind kind, boolean resumable, int queueLimit,
                   SessionListener listener) {
        this(router, client, id, name, kind, resumable, queueLimit, Long.MAX_VALUE, 1000, listener);
    }

    /** With a byte budget for the queue ({@code queueBytes}) and {@code recentIds} ids remembered. */
    public Session(Router router, String client, String id, String name, Kind kind, boolean resumable, int queueLimit,
                   long queueBytes, int recentIds, SessionListener listener) {
        this.recent = new RecentIds(recentIds, queueBytes);
        this.client = client;
        this.id = id;
        this.name = name;
        this.kind = kind;
        this.resumable = resumable;
        this.outbox = new Outbox(resumable, queueLimit, queueBytes);
        this.listener = listener;
        this.feed = new Feed(router, inbox(), this, new Feed.Out() {
            @Override
            public boolean message(Message m) {
                return outbox.pushSequenced(m.openFrame(), m.off());
            }

            @Override
            public boolean gap(Gap gap) {
                return outbox.pushSequenced(ServerFrames.gapOpen(gap), 0);
            }

            @Override
            public void delivered(boolean fits) {
                afterPush(fits);
            }
        });
    }

    public String inbox() {
        return name != null ? name : client;
    }

    /** A message as if routed to this session (skipped if a replay gave it already). */
    public void deliver(Message m) {
        feed.deliver(m);
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
     * after {@code since}, or else the retained values. Done under this session's monitor (the
     * feed's lock) so no live message slips in between; live copies of replayed messages are skipped.
     */
    public void subscribe(ChannelPattern pattern, Since since, String okFrame) {
        boolean fits;
        synchronized (this) {
            if (ended) {
                return;
            }
            // The journal hears of it first: a node taking the session up replays this pattern from
            // the point before it was subscribed.
            journalSubscriptions(pattern, true);
            // Queued before the subscription starts, and no live message can come in between: we hold the feed's lock.
            if (okFrame != null) {
                outbox.pushTransient(okFrame);
            }
            fits = feed.subscribe(pattern, since);
        }
        afterPush(fits);
    }

    public boolean unsubscribe(ChannelPattern pattern) {
        journalSubscriptions(pattern, false);
        return feed.unsubscribe(pattern);
    }

    /**
     * A subscription this session had on another node, taken up here without an {@code ok} or a
     * start (the journal holds what it already got; the caller replays what it missed).
     */
    public void resubscribe(ChannelPattern pattern) {
        feed.resubscribe(pattern);
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

    /** Tells the journal the patterns as they are once {@code changed} is added or removed. */
    private void journalSubscriptions(ChannelPattern changed, boolean added) {
        if (!journaled) {
            return;
        }
        Journal j;
        synchronized (this) {
            j = outbox.journal();
        }
        if (j != null) {
            Set<ChannelPattern> patterns = new HashSet<>(feed.patterns());
            if (added) {
                patterns.add(changed);
            } else {
                patterns.remove(changed);
            }
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
    public void end() {
        ended = true;
        feed.close();
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

    /** Characters of the frames waiting to be written to the current connection, transient ones included. */
    public synchronized long unwrittenChars() {
        return outbox.unwrittenChars();
    }

    /** Characters of frame text the queue holds (what {@code limits.queueBytes} bounds). */
    public synchronized long queueBytes() {
        return outbox.bytes();
    }

    /** How many patterns the session is subscribed to (its inbox included). */
    public int subscriptionCount() {
        return feed.subscriptionCount();
    }

    /** Whether the session is subscribed to {@code p} already. */
    public boolean subscribedTo(ChannelPattern p) {
        return feed.subscribedTo(p);
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

    /** A connection of {@code transport} carries the session from now on; the first one, at {@code now}, opens it. */
    public void carriedBy(String transport, long now) {
        this.transport = transport;
        if (openedAt == 0) {
            openedAt = now;
        }
    }

    public String transport() {
        return transport;
    }

    public long openedAt() {
        return openedAt;
    }

    public Set<ChannelPattern> patterns() {
        return feed.patterns();
    }
}
