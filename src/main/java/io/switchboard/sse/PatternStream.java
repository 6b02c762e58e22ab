package io.switchboard.sse;

import io.switchboard.channels.ChannelPattern;
import io.switchboard.hub.Hub;
import io.switchboard.protocol.Gap;
import io.switchboard.protocol.ServerFrames;
import io.switchboard.protocol.Since;
import io.switchboard.routing.Feed;
import io.switchboard.routing.Message;

/**
 * The subscription behind one {@code /sse/<pattern>} stream, on a {@link Feed}: the replay after
 * the client's last event id (a gap first if need be), or else the retained values and then an
 * id-only event that gives the browser a position to resume from; then live. The feed's lock is
 * this object's monitor, so the position event stays in order with the start. It has no inbox:
 * an event stream never sees {@code /clients/...} messages.
 */
final class PatternStream implements Feed.Out {
    private final Hub hub;
    private final ChannelPattern pattern;
    private final MsgEvents events;
    private final Feed feed;
    private SseStream stream;

    PatternStream(Hub hub, ChannelPattern pattern, MsgEvents events) {
        this.hub = hub;
        this.pattern = pattern;
        this.events = events;
        this.feed = hub.feed(this, this);
    }

    @Override
    public boolean message(Message m) {
        stream.send(events.of(m)); // only queues: this may be the publisher's thread
        return true;
    }

    @Override
    public boolean gap(Gap gap) {
        // An unknown epoch resets the browser's position to offset 0 of the current one.
        stream.send(gap.isEpoch() ? events.id(0) : null, "gap", ServerFrames.gap(gap));
        return true;
    }

    /** Subscribes and queues the start; {@code since} null means a new stream. */
    synchronized void start(SseStream s, Since since) {
        if (feed.closed()) {
            return; // the stream ended before it started
        }
        stream = s;
        feed.subscribe(pattern, since);
        if (since == null) {
            s.send(events.id(hub.latestOffset()), null, null);
        }
    }

    /** The stream ended: stop routing to it. */
    void ended() {
        feed.close();
    }
}
