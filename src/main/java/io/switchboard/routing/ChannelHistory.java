package io.switchboard.routing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One channel's recent messages and retained value. Guarded by its own monitor: appends to one
 * channel are serialised, so its offsets grow in the order its messages are delivered.
 */
final class ChannelHistory {
    private final int capacity;
    private final long ttlMillis;
    private final ArrayDeque<Message> held = new ArrayDeque<>();
    private long droppedUpTo;
    private Message retained;
    /** The offset of the last message that set or cleared the retained value. */
    private long retainedOff;

    ChannelHistory(int capacity, long ttlMillis) {
        this.capacity = capacity;
        this.ttlMillis = ttlMillis;
    }

    synchronized void add(Message m, long now) {
        if (capacity > 0) {
            held.addLast(m);
        } else {
            droppedUpTo = m.off();
        }
        if (m.clearsRetained()) {
            retained = null;
            retainedOff = m.off();
        } else if (m.retain()) {
            retained = m;
            retainedOff = m.off();
        }
        while (held.size() > capacity) {
            droppedUpTo = held.removeFirst().off();
        }
        expire(now);
    }

    /** Takes {@code m} as the retained value unless this channel already knows a later message. */
    synchronized void retainIfNewer(Message m) {
        if (m.off() > retainedOff) {
            retained = m.clearsRetained() ? null : m;
            retainedOff = m.off();
        }
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

    synchronized boolean isEmpty(long now) {
        expire(now);
        return held.isEmpty() && retained == null;
    }

    private void expire(long now) {
        while (!held.isEmpty() && now - held.peekFirst().at() > ttlMillis) {
            droppedUpTo = held.removeFirst().off();
        }
    }
}
