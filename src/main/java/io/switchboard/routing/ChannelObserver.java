package io.switchboard.routing;

import io.switchboard.channels.ChannelPattern;

/**
 * Told what happens to the channel namespace (the seam the index tree watches). Called on the
 * publish path, so implementations return at once: the one for {@code /data} ignores every other
 * channel with a segment comparison, and a channel it already knows with one set lookup.
 */
public interface ChannelObserver {
    ChannelObserver NONE = new ChannelObserver() {
        @Override
        public void published(Message m) {
        }

        @Override
        public void subscribed(ChannelPattern pattern) {
        }

        @Override
        public void unsubscribed(ChannelPattern pattern) {
        }
    };

    /** The message is in the log (called under its channel's stripe lock, before delivery). */
    void published(Message m);

    /** A subscriber subscribed to a pattern it did not hold before. */
    void subscribed(ChannelPattern pattern);

    /** A subscriber left a pattern it held. */
    void unsubscribed(ChannelPattern pattern);
}
