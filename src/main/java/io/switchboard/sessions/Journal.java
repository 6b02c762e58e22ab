package io.switchboard.sessions;

import io.switchboard.channels.ChannelPattern;
import java.util.List;
import java.util.Set;

/**
 * What a clustered session keeps outside its node, so that it can be resumed on another one: its
 * sequenced frames and its subscriptions. A session with a journal lets its client see a frame
 * only once the journal has it, so whatever the client saw survives its node. The single node
 * has no journal (the session's outbox is enough).
 */
public interface Journal {

    /** The most frames one {@link #append} is given. */
    int MAX_BATCH = 1000;

    /** A sequenced frame as kept: {@code off} is the message offset of a {@code msg} frame, else 0. */
    record Entry(long seq, long off, String text) {
    }

    /**
     * Keeps {@code entries} (in seq order, after everything appended before) and runs {@code done}
     * once they are safe, on any thread. One call at a time per session.
     */
    void append(List<Entry> entries, Runnable done);

    /** The session's frames dropped as a slow consumer: seqs {@code from..to} are gone for good. */
    void dropped(long from, long to);

    /** The session's subscriptions changed. */
    void subscriptions(Set<ChannelPattern> patterns);
}
