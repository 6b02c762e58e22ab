package io.switchboard.tree;

import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.protocol.Since;
import io.switchboard.routing.Message;
import io.switchboard.routing.Replay;
import io.switchboard.routing.Router;
import io.switchboard.routing.Subscriber;

/**
 * One {@code /data} channel's messages for one socket or stream: the retained value first (or,
 * resuming, what was missed), then each message live. Subscribing and sending what comes first
 * happen under this object's monitor, and delivery takes it too, so no live message overtakes
 * them; a live copy of a message already sent is skipped by offset.
 */
public final class ChannelFeed implements Subscriber {

    /** Where the feed's messages go; called under the feed's monitor, so it must only queue. */
    public interface Out {
        void message(Message m);

        /** Messages after the asked-for position are gone: {@code json} is {@code {"from","to"}} or {@code {"epoch"}}. */
        void gap(String json);
    }

    private final ChannelPath channel;
    private final ChannelPattern pattern;
    private final Out out;
    private long floor;

    public ChannelFeed(ChannelPath channel, Out out) {
        this.channel = channel;
        this.pattern = ChannelPattern.of(channel);
        this.out = out;
    }

    /** Subscribes; {@code since} null sends the retained value first, else what was missed after it. */
    public synchronized void start(Router router, Since since) {
        router.subscribe(this, pattern);
        if (since == null) {
            for (Message m : router.log().retained(pattern)) {
                send(m);
            }
            return;
        }
        Replay r = router.log().replay(pattern, since);
        if (r.epochChanged()) {
            out.gap("{\"epoch\":\"" + router.log().epoch() + "\"}");
        }
        for (Replay.ChannelGap g : r.gaps()) {
            out.gap("{\"from\":" + g.from() + ",\"to\":" + g.to() + "}");
        }
        for (Message m : r.messages()) {
            send(m);
        }
    }

    public void stop(Router router) {
        router.unsubscribe(this, pattern);
    }

    @Override
    public String inbox() {
        return "";
    }

    @Override
    public synchronized void deliver(Message m) {
        if (m.off() > floor) {
            send(m);
        }
    }

    private void send(Message m) {
        floor = Math.max(floor, m.off());
        out.message(m);
    }

    public ChannelPath channel() {
        return channel;
    }
}
