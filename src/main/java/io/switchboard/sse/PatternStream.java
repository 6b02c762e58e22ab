package io.switchboard.sse;

import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.protocol.ServerFrames;
import io.switchboard.protocol.Since;
import io.switchboard.routing.Message;
import io.switchboard.routing.Replay;
import io.switchboard.routing.Router;
import io.switchboard.routing.Subscriber;
import java.util.HashMap;
import java.util.Map;

/**
 * The subscription behind one {@code /sse/<pattern>} stream. It starts like a {@code sub}: the
 * replay after the client's last event id (a gap first if need be), or else the retained values
 * and then an id-only event that gives the browser a position to resume from; then it goes live.
 * The start is queued under this object's monitor, so no live message slips in before it, and a
 * live copy of a message the start already gave is skipped (floors by channel, as Session does).
 * It has no inbox: an event stream never sees {@code /clients/...} messages.
 */
final class PatternStream implements Subscriber {
    private final Router router;
    private final ChannelPattern pattern;
    private final MsgEvents events;
    private final Map<ChannelPath, Long> floors = new HashMap<>();
    private SseStream stream;
    private boolean ended;

    PatternStream(Router router, ChannelPattern pattern, MsgEvents events) {
        this.router = router;
        this.pattern = pattern;
        this.events = events;
    }

    @Override
    public String inbox() {
        return null;
    }

    @Override
    public void deliver(Message m) {
        synchronized (this) {
            if (stream != null && (floors.isEmpty() || !skipAsStarted(m))) {
                stream.send(events.of(m)); // only queues: this is the publisher's thread
            }
        }
    }

    private boolean skipAsStarted(Message m) {
        Long floor = floors.get(m.channel());
        if (floor == null) {
            return false;
        }
        if (m.off() <= floor) {
            return true;
        }
        floors.remove(m.channel());
        return false;
    }

    /** Subscribes and queues the start; {@code since} null means a new stream. */
    synchronized void start(SseStream s, Since since) {
        if (ended) {
            return;
        }
        stream = s;
        router.subscribe(this, pattern);
        if (since == null) {
            long position = router.log().latestOffset();
            sendStart(router.retainedFor(this, pattern));
            s.send(events.id(position), null, null);
            return;
        }
        Replay r = router.replayFor(this, pattern, since);
        if (r.epochChanged()) {
            s.send(events.id(0), "gap", ServerFrames.epochGapOpen(router.log().epoch()) + "}");
        }
        for (Replay.ChannelGap g : r.gaps()) {
            s.send(null, "gap", ServerFrames.historyGapOpen(g.ch(), g.from(), g.to()) + "}");
        }
        sendStart(r.messages());
    }

    private void sendStart(Iterable<Message> messages) {
        for (Message m : messages) {
            stream.send(events.of(m));
            floors.merge(m.channel(), m.off(), Math::max);
        }
    }

    /** The stream ended: stop routing to it. */
    synchronized void ended() {
        ended = true;
        router.unsubscribe(this, pattern);
    }
}
