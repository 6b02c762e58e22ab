package io.switchboard.routing;

import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.protocol.Since;
import java.util.List;

/**
 * The hub's memory of what was published: hub-wide offsets within an epoch, each channel's
 * recent history and its retained value. The single-node hub keeps it in this JVM; a cluster
 * keeps it where every node sees the same offsets.
 */
public interface MessageLog {

    String epoch();

    /** The highest offset handed out so far (0 before the first publish). */
    long latestOffset();

    /** Gives the message its offset and keeps it in history (and as retained value if asked). */
    Message append(ChannelPath channel, String data, String from, boolean retain);

    /** Retained values of every channel the pattern matches, in offset order. */
    List<Message> retained(ChannelPattern pattern);

    Replay replay(ChannelPattern pattern, Since since);

    /**
     * One page of a channel's history ({@link HistoryStore#page}): {@code limit} messages at most,
     * within about {@code maxChars} characters of answer.
     */
    io.switchboard.protocol.HistoryPage history(ChannelPath channel, Since since, int limit, boolean reverse,
                                                long maxChars);

    /** Whether the channel has history or a retained value now. */
    default boolean holds(ChannelPath channel) {
        return channels().contains(channel);
    }

    /** Channels that have history or a retained value now. */
    List<ChannelPath> channels();

    /** The timer's pass: expires history and retained values on channels nobody touches (limits.historyBytes, retainedTtl). */
    default void sweep() {
    }

    /** Whether a retained value of about {@code size} bytes fits {@code limits.historyBytes}. */
    default boolean admitsRetained(long size) {
        return true;
    }

    /** Bytes of history and retained values held, as {@code limits.historyBytes} counts them. */
    default long heldBytes() {
        return 0;
    }

    /** Messages dropped from history to stay within {@code limits.historyBytes}. */
    default long evictedForBudget() {
        return 0;
    }
}
