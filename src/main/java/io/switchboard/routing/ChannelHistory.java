package io.switchboard.routing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One channel's recent messages and retained value. Guarded by its own monitor: appends to one
 * channel are serialised, so its offsets grow in the order its messages are delivered.
 *
 * <p>What it holds is charged to the store's counters ({@link HistoryStore}): every held message,
 * the retained value only while it is not also held (it is then the same object), and a fixed
 * {@link #OVERHEAD} for the entry itself. The retained values' own counter charges each with its
 * entry's overhead too, so that retained values alone never pass the budget.
 */
final class ChannelHistory {
    /** About what an entry costs with nothing in it: the map node, the path, this object and its deque. */
    static final long OVERHEAD = 256;

    private final int capacity;
    private final long ttlMillis;
    private final AtomicLong bytes;
    private final AtomicLong retainedBytes;
    private final ArrayDeque<Message> held = new ArrayDeque<>();
    private long droppedUpTo;
    private Message retained;
    /** Whether {@link #retained} is charged on its own (it is no longer in {@link #held}). */
    private boolean retainedCharged;
    /** The offset of the last message that set or cleared the retained value. */
    private long retainedOff;
    /** The highest offset of this channel known here (held, dropped or retained): a history page's {@code top}. */
    private long latestOff;
    /** Set once the store has let go of this entry: whoever still holds it must take a new one. */
    private boolean forgotten;

    ChannelHistory(int capacity, long ttlMillis) {
        this(capacity, ttlMillis, 0, new AtomicLong(), new AtomicLong());
    }

    /** {@code floor}: offsets up to it may have been held by an entry of this channel that was forgotten. */
    ChannelHistory(int capacity, long ttlMillis, long floor, AtomicLong bytes, AtomicLong retainedBytes) {
        this.capacity = capacity;
        this.ttlMillis = ttlMillis;
        this.droppedUpTo = floor;
        this.bytes = bytes;
        this.retainedBytes = retainedBytes;
        bytes.addAndGet(OVERHEAD);
    }

    /** Keeps {@code m}; false (and nothing kept) if the entry was forgotten meanwhile. */
    synchronized boolean add(Message m, long now) {
        if (forgotten) {
            return false;
        }
        latestOff = Math.max(latestOff, m.off());
        if (capacity > 0) {
            held.addLast(m);
            bytes.addAndGet(m.size());
        } else {
            droppedUpTo = m.off();
        }
        if (m.clearsRetained()) {
            setRetained(null, false);
            retainedOff = m.off();
        } else if (m.retain()) {
            setRetained(m, capacity <= 0);
            retainedOff = m.off();
        }
        while (held.size() > capacity) {
            dropOldest();
        }
        expire(now);
        return true;
    }

    synchronized boolean forgotten() {
        return forgotten;
    }

    private void setRetained(Message m, boolean charged) {
        if (retained != null) {
            retainedBytes.addAndGet(-retained.size() - OVERHEAD);
            if (retainedCharged) {
                bytes.addAndGet(-retained.size());
            }
        }
        retained = m;
        retainedCharged = charged && m != null;
        if (m != null) {
            retainedBytes.addAndGet(m.size() + OVERHEAD);
            if (retainedCharged) {
                bytes.addAndGet(m.size());
            }
        }
    }

    /** Drops the oldest held message; the retained value, if it was that one, is then charged on its own. */
    private void dropOldest() {
        Message m = held.removeFirst();
        droppedUpTo = m.off();
        if (m != retained) {
            bytes.addAndGet(-m.size());
        } else {
            retainedCharged = true;
        }
    }

    /** Takes {@code m} as the retained value unless this channel already knows a later message. */
    synchronized boolean retainIfNewer(Message m) {
        if (forgotten) {
            return false;
        }
        latestOff = Math.max(latestOff, m.off());
        if (m.off() > retainedOff) {
            setRetained(m.clearsRetained() ? null : m, true);
            retainedOff = m.off();
        }
        return true;
    }

    synchronized Message retained() {
        return retained;
    }

    /** Highest offset of this channel no longer held; 0 if none was dropped. */
    synchronized long droppedUpTo(long now) {
        expire(now);
        return droppedUpTo;
    }

    synchronized List<Message> after(long off, long now) {
        expire(now);
        List<Message> out = new ArrayList<>();
        for (Message m : held) {
            if (m.off() > off) {
                out.add(m);
            }
        }
        return out;
    }

    /**
     * One page of what is held (docs/protocol.md, History on demand): forward the messages with
     * offsets above {@code bound}, oldest first; reverse those below it, newest first; at most
     * {@code limit} of them, and no more than fit {@code maxChars} of the answer's text (one at
     * least). Held messages are every message of the channel above {@link #droppedUpTo}: only
     * the oldest are ever dropped.
     */
    synchronized Slice slice(long bound, boolean reverse, int limit, long maxChars, long now) {
        expire(now);
        List<Message> out = new ArrayList<>(Math.min(limit, held.size()));
        java.util.Iterator<Message> it = reverse ? held.descendingIterator() : held.iterator();
        long chars = 0;
        while (it.hasNext()) {
            Message m = it.next();
            if (reverse ? m.off() >= bound : m.off() <= bound) {
                continue;
            }
            long size = m.data().length() + io.switchboard.protocol.ServerFrames.HISTORY_ENTRY_OVERHEAD;
            if (out.size() == limit || !out.isEmpty() && chars + size > maxChars) {
                return new Slice(out, true, droppedUpTo, latestOff);
            }
            out.add(m);
            chars += size;
        }
        return new Slice(out, false, droppedUpTo, latestOff);
    }

    synchronized long latest() {
        return latestOff;
    }

    /** A page's messages, whether more are held beyond it, and the channel's dropped and latest offsets. */
    record Slice(List<Message> messages, boolean more, long droppedUpTo, long latest) {
    }

    synchronized boolean isEmpty(long now) {
        expire(now);
        return held.isEmpty() && retained == null;
    }

    /**
     * The timer's sweep: history past its ttl goes, and so does a retained value older than
     * {@code retainedTtl} ms (0: kept until cleared). Returns whether the entry is now empty.
     */
    synchronized boolean sweep(long now, long retainedTtl) {
        expire(now);
        if (retained != null && retainedTtl > 0 && now - retained.at() > retainedTtl) {
            setRetained(null, false); // if it is still held, it stays as history, charged as such
        }
        return held.isEmpty() && retained == null;
    }

    /** The offset of the oldest held message, or {@code Long.MAX_VALUE} if none is held. */
    synchronized long oldestHeld() {
        return held.isEmpty() ? Long.MAX_VALUE : held.peekFirst().off();
    }

    /** Drops the oldest held message to free memory (a later {@code since} sees the gap); false if none. */
    synchronized boolean evictOldest() {
        if (held.isEmpty()) {
            return false;
        }
        dropOldest();
        return true;
    }

    /**
     * The store lets go of the entry (the caller holds this monitor and removes it from the map):
     * its charges go; returns the offset a new entry for the channel must report a gap up to.
     */
    long forget() {
        forgotten = true;
        if (retained != null) {
            setRetained(null, false);
        }
        while (!held.isEmpty()) {
            dropOldest();
        }
        bytes.addAndGet(-OVERHEAD);
        return Math.max(droppedUpTo, retainedOff);
    }

    private void expire(long now) {
        while (!held.isEmpty() && now - held.peekFirst().at() > ttlMillis) {
            dropOldest();
        }
    }
}
