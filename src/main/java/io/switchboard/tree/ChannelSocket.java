package io.switchboard.tree;

import io.switchboard.auth.Action;
import io.switchboard.channels.BadChannelException;
import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.hub.Hub;
import io.switchboard.protocol.Gap;
import io.switchboard.protocol.JsonText;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.routing.Feed;
import io.switchboard.routing.Message;
import io.switchboard.sockets.Admission;
import io.switchboard.sockets.InboundLimits;
import io.switchboard.sockets.Peer;
import io.switchboard.sockets.SocketEndpoint;
import io.switchboard.sockets.SocketHandler;
import io.switchboard.sockets.SocketRequest;
import jakarta.json.spi.JsonProvider;

/**
 * A socket on a bare {@code /data} channel path: the retained value first, then each
 * message's {@code data}; each text in is published on the channel, as it is if it is JSON, else
 * as a JSON string. Opening one subscribes, so the channel exists (and is listed) while it is open.
 * Needs the subscribe grant to open and the publish grant to publish (an {@code error} answers a
 * refused publish; the socket stays open). What it sends is held to the limits of {@code /ws}
 * ({@link InboundLimits}).
 */
public final class ChannelSocket implements SocketEndpoint {
    private final Hub hub;
    private final JsonProvider json;

    public ChannelSocket(Hub hub, JsonProvider json) {
        this.hub = hub;
        this.json = json;
    }

    @Override
    public SocketHandler open(SocketRequest request, Peer peer) {
        Admission admitted = Admission.check(hub, request, peer);
        if (admitted == null) {
            return SocketHandler.IGNORE;
        }
        ChannelPath ch;
        try {
            ch = ChannelPath.parse(request.path());
            hub.require(admitted.identity(), Action.SUBSCRIBE, ch);
        } catch (BadChannelException e) {
            admitted.closed();
            Admission.refuse(peer, 1008, "bad_channel", e.getMessage());
            return SocketHandler.IGNORE;
        } catch (ProtocolException e) {
            admitted.closed();
            Admission.refuse(peer, 1008, e.code().wire(), e.getMessage());
            return SocketHandler.IGNORE;
        }
        Object lock = new Object();
        Feed feed = hub.feed(lock, new Feed.Out() {
            @Override
            public boolean message(Message m) {
                peer.send(m.data()); // never blocks: the peer queues
                return true;
            }

            @Override
            public boolean gap(Gap gap) {
                throw new IllegalStateException("a socket starts from the retained value, never from a since: " + gap);
            }
        });
        feed.subscribe(ChannelPattern.of(ch), null);
        return InboundLimits.wrap(new SocketHandler() {
            @Override
            public void text(String text) {
                publish(ch, text, admitted, peer);
            }

            @Override
            public void binary() {
                peer.close(1003, "binary frames are not spoken here");
            }

            @Override
            public void closed(int code) {
                admitted.closed();
                feed.close();
            }
        }, peer, hub.limits());
    }

    private void publish(ChannelPath ch, String text, Admission admitted, Peer peer) {
        try {
            hub.publish(ch.value(), asJson(text), false, null, admitted.identity());
        } catch (ProtocolException e) {
            peer.send(Admission.error(e.code().wire(), e.getMessage()));
        }
    }

    /** JSON text as it is (any JSON value), anything else as a JSON string. */
    String asJson(String text) {
        try {
            return hub.jsonInput().compact(text);
        } catch (ProtocolException notJson) {
            return JsonText.quote(text);
        }
    }
}
