package io.switchboard.routing;

import io.switchboard.channels.ChannelPattern;

/**
 * Told of each subscription taken and left, with whether it was this node's first subscriber of the
 * pattern or its last (the hub's events hear it). Called on the subscriber's thread: only queue.
 */
public interface SubscriptionWatcher {
    SubscriptionWatcher NONE = new SubscriptionWatcher() {
        @Override
        public void subscribed(Subscriber s, ChannelPattern pattern, boolean first) {
        }

        @Override
        public void unsubscribed(Subscriber s, ChannelPattern pattern, boolean last) {
        }
    };

    void subscribed(Subscriber s, ChannelPattern pattern, boolean first);

    void unsubscribed(Subscriber s, ChannelPattern pattern, boolean last);
}
