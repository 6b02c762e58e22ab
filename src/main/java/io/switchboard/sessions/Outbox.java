package io.switchboard.sessions;

import io.switchboard.protocol.JsonText;
import io.switchboard.protocol.ServerFrames;
import java.util.ArrayDeque;

/**
 * What a session still owes its client. Sequenced frames get the next {@code seq}; a resumable
 * session keeps them until acked and resends them on resume. Transient frames ({@code ok},
 * {@code pong}, {@code welcome}) go to the current connection only.
 *
 * <p>On overflow (more frames than the limit, or more characters than the byte budget) the oldest
 * sequenced frames are dropped down to half of both and remembered as one gap. The gap frame stands at seq {@code to} (the last seq it replaces), so a client that
 * processes it and acks cumulatively stays in order. Not thread-safe: {@link Session} guards it.
 */
final class Outbox {
    private record Entry(long seq, long off, String text) {
    }

    private final boolean resumable;
    private final int limit;
    /** The byte budget (limits.queueBytes), counted as characters of frame text: a frame's text is Latin-1 or UTF-16. */
    private final long byteLimit;
    /** Characters of what {@link #depth} counts: unacked frames if resumable, else frames to write. */
    private long bytes;
    /*
     * The queues start with room for one frame (an array of 2 rather than the default 17: 64 bytes
     * less each) and grow when used: most sessions of a big hub are idle subscribers, and every
     * session has all three (docs/benchmarks.md, "Connections").
     */
    private final ArrayDeque<Entry> unacked = new ArrayDeque<>(1);
    private final ArrayDeque<String> toWrite = new ArrayDeque<>(1);
    /** Characters in {@code toWrite}, kept as it changes so a history request need not walk the queue. */
    private long toWriteChars;
    private boolean attached;
    /** The current connection's {@code welcome}, until it is written. */
    private String greeting;
    private long lastSeq;
    private long acked;
    private long gapFrom;
    private long gapTo;
    private long dropped;
    /** With a journal, frames wait in {@code undurable} until it has them; only then may they be written. */
    private Journal journal;
    private final ArrayDeque<Entry> undurable = new ArrayDeque<>(1);
    private boolean appending;
    private long durableSeq;
    private long shedUpTo;

    Outbox(boolean resumable, int limit) {
        this(resumable, limit, Long.MAX_VALUE);
    }

    Outbox(boolean resumable, int limit, long byteLimit) {
        this.resumable = resumable;
        this.limit = limit;
        this.byteLimit = byteLimit;
    }

    private void write(String text) {
        toWrite.addLast(text);
        toWriteChars += text.length();
        if (!resumable) {
            bytes += text.length();
        }
    }

    private String take() {
        String text = toWrite.pollFirst();
        if (text != null) {
            toWriteChars -= text.length();
            if (!resumable) {
                bytes -= text.length();
            }
        }
        return text;
    }

    private void clearToWrite() {
        toWrite.clear();
        toWriteChars = 0;
        if (!resumable) {
            bytes = 0;
        }
    }

    private Entry dropOldestUnacked() {
        Entry e = unacked.removeFirst();
        bytes -= e.text().length();
        return e;
    }

    /** From now on frames are written only once {@code j} has them (a resumable session in a cluster). */
    void journal(Journal j) {
        this.journal = resumable ? j : null;
    }

    /** Appends a frame that is not a message with the next seq; false if the session is now a slow consumer. */
    boolean pushSequenced(String openFrame) {
        return pushSequenced(openFrame, 0);
    }

    /** Appends a frame with the next seq ({@code off}: a message's offset, else 0); false on overflow. */
    boolean pushSequenced(String openFrame, long off) {
        pushSequencedText(openFrame, off);
        return !overflowing();
    }

    /** Appends a frame with the next seq and returns its text; check {@link #overflowing} after. */
    String pushSequencedText(String openFrame, long off) {
        long seq = ++lastSeq;
        String text = JsonText.withSeq(openFrame, seq);
        if (resumable) {
            Entry e = new Entry(seq, off, text);
            unacked.addLast(e);
            bytes += text.length();
            if (journal != null) {
                undurable.addLast(e);
                return text;
            }
        }
        if (attached) {
            write(text);
        }
        return text;
    }

    /** The next frames for the journal (at most {@link Journal#MAX_BATCH}), unless an append is in flight or there are none. */
    java.util.List<Journal.Entry> takeUndurable() {
        if (journal == null || appending || undurable.isEmpty()) {
            return null;
        }
        appending = true;
        java.util.List<Journal.Entry> out = new java.util.ArrayList<>(Math.min(undurable.size(), Journal.MAX_BATCH));
        while (!undurable.isEmpty() && out.size() < Journal.MAX_BATCH) {
            Entry e = undurable.pollFirst();
            out.add(new Journal.Entry(e.seq(), e.off(), e.text()));
        }
        return out;
    }

    Journal journal() {
        return journal;
    }

    /** The journal has {@code batch}: what of it is still unacked may now be written. */
    void durable(java.util.List<Journal.Entry> batch) {
        appending = false;
        for (Journal.Entry e : batch) {
            if (attached && e.seq() > acked && e.seq() > shedUpTo) {
                write(e.text());
            }
            durableSeq = e.seq();
        }
    }

    boolean appending() {
        return appending;
    }

    /** A session resumed on this node from its journal: these frames were sequenced on another one. */
    void restore(java.util.List<Journal.Entry> entries, long journaledSeq, long gapFrom, long gapTo) {
        for (Journal.Entry e : entries) {
            if (e.seq() > lastSeq && (e.seq() < gapFrom || e.seq() > gapTo)) {
                unacked.addLast(new Entry(e.seq(), e.off(), e.text()));
                bytes += e.text().length();
                lastSeq = e.seq();
            }
        }
        lastSeq = Math.max(Math.max(lastSeq, gapTo), journaledSeq);
        durableSeq = lastSeq;
        if (gapTo > 0) {
            this.gapFrom = gapFrom;
            this.gapTo = gapTo;
            shedUpTo = gapTo;
        }
    }


    void pushTransient(String text) {
        if (attached) {
            write(text);
        }
    }

    boolean overflowing() {
        return (resumable ? unacked.size() : toWrite.size()) > limit || bytes > byteLimit;
    }

    /**
     * Drops the oldest frames down to half the limit and returns how many went; the current
     * connection is written nothing more (it is closed as a slow consumer).
     */
    int shed() {
        int n = 0;
        if (resumable) {
            while (!unacked.isEmpty() && (unacked.size() > limit / 2 || bytes > byteLimit / 2)) {
                Entry e = dropOldestUnacked();
                gapFrom = gapTo == 0 ? e.seq() : gapFrom;
                gapTo = e.seq();
                n++;
            }
            shedUpTo = Math.max(shedUpTo, gapTo);
            undurable.removeIf(e -> e.seq() <= gapTo);
            if (journal != null && n > 0) {
                journal.dropped(gapFrom, gapTo);
            }
        } else {
            n = toWrite.size();
        }
        // The connection is closing as a slow consumer: it gets nothing more, so the client's last
        // seq is a point before which it has everything (a resume from it sees the gap, never a hole).
        // Only a welcome not yet written stays: a resume shed at once still learns it resumed.
        boolean greet = greeting != null && toWrite.peekFirst() == greeting;
        clearToWrite();
        if (greet) {
            write(greeting);
        }
        greeting = null;
        attached = false;
        dropped += n;
        return n;
    }

    /** A new connection takes over: it gets the gap (if it lies after {@code seq}), then every frame after {@code seq}. */
    void attach(long seq, String greeting) {
        attached = true;
        clearToWrite();
        this.greeting = greeting;
        if (greeting != null) {
            write(greeting);
        }
        ack(Math.min(seq, lastSeq));
        if (gapTo > seq) {
            write(ServerFrames.seqGap(Math.max(gapFrom, seq + 1), gapTo));
        }
        for (Entry e : unacked) {
            if (journal == null || e.seq() <= durableSeq) {
                write(e.text());
            }
        }
    }

    void detach() {
        attached = false;
        greeting = null;
        clearToWrite();
    }

    /** Cumulative ack; false if {@code seq} is beyond the last seq sent (nothing is then changed). */
    boolean ack(long seq) {
        if (seq > lastSeq) {
            return false;
        }
        acked = Math.max(acked, seq);
        while (!unacked.isEmpty() && unacked.peekFirst().seq() <= seq) {
            dropOldestUnacked();
        }
        if (gapTo != 0 && gapTo <= seq) {
            gapFrom = gapTo = 0;
        }
        return true;
    }

    String next() {
        return take();
    }

    /** As many frames as fit in {@code maxChars}, joined by newlines (hello's batch); at least one. */
    String nextBatch(int maxChars) {
        String first = take();
        if (first == null || toWrite.isEmpty()) {
            return first;
        }
        StringBuilder sb = new StringBuilder(Math.min(maxChars, first.length() * (toWrite.size() + 1) + 16)).append(first);
        while (!toWrite.isEmpty() && sb.length() + 1 + toWrite.peekFirst().length() <= maxChars) {
            sb.append('\n').append(take());
        }
        return sb.toString();
    }

    /** Moves pending frames to {@code out}, up to {@code maxChars} in all (at least one); returns how many. */
    int drainTo(java.util.List<String> out, int maxChars) {
        int chars = 0;
        int n = 0;
        while (!toWrite.isEmpty() && (n == 0 || chars + toWrite.peekFirst().length() <= maxChars)) {
            String f = take();
            chars += f.length() + 1;
            out.add(f);
            n++;
        }
        return n;
    }

    boolean hasToWrite() {
        return !toWrite.isEmpty();
    }

    long lastSeq() {
        return lastSeq;
    }

    /** Characters held of what {@link #depth} counts. */
    long bytes() {
        return bytes;
    }

    /**
     * Characters of every frame waiting to be written, transient ones included (for a resumable
     * session {@link #bytes} counts unacked frames only).
     */
    long unwrittenChars() {
        return toWriteChars;
    }

    int depth() {
        return resumable ? unacked.size() : toWrite.size();
    }

    long droppedCount() {
        return dropped;
    }
}
