package io.switchboard.websocket;

import io.switchboard.app.TreeService;
import io.switchboard.auth.Action;
import io.switchboard.channels.ChannelPath;
import io.switchboard.hub.Hub;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.chat.Member;
import io.switchboard.sockets.Admission;
import io.switchboard.sockets.InboundLimits;
import io.switchboard.sockets.Peer;
import io.switchboard.sockets.SocketHandler;
import io.switchboard.sockets.SocketRequest;
import jakarta.inject.Inject;
import jakarta.websocket.server.ServerEndpoint;

/**
 * {@code WS /chatrooms/<room>/chat}: text in is said to the room; everyone in it, the sender too,
 * gets {@code {"from","text","at"}}. With users, joining needs the subscribe grant on the room's
 * channel {@code /chatrooms/<room>} and speaking the publish grant. What members send is held to
 * the limits of {@code /ws} ({@link InboundLimits}); binary closes with 1003.
 */
@ServerEndpoint(value = "/chatrooms/{room}/chat", configurator = HandshakeCapture.class)
public class ChatEndpoint extends DirectSocket {
    @Inject
    TreeService tree;

    @Override
    public SocketHandler open(SocketRequest request, Peer peer) {
        Hub hub = tree.hub();
        Admission admitted = Admission.check(hub, request, peer);
        if (admitted == null) {
            return SocketHandler.IGNORE;
        }
        String room = request.pathParam("room");
        if (!TreeService.isRoomName(room)) {
            admitted.closed();
            Admission.refuse(peer, 1008, "bad_channel", "not a room name: " + room);
            return SocketHandler.IGNORE;
        }
        ChannelPath channel = TreeService.roomChannel(room);
        boolean maySay;
        try {
            hub.require(admitted.identity(), Action.SUBSCRIBE, channel);
            maySay = allowed(hub, admitted, channel);
        } catch (ProtocolException e) {
            admitted.closed();
            Admission.refuse(peer, 1008, e.code().wire(), "joining: " + e.getMessage());
            return SocketHandler.IGNORE;
        }
        Member me = tree.rooms().join(room, request.queryParam("name"), peer);
        return InboundLimits.wrap(new SocketHandler() {
            @Override
            public void text(String text) {
                if (maySay) {
                    me.say(text);
                } else {
                    peer.send(Admission.error("forbidden", "publish on " + channel + " is not granted"));
                }
            }

            @Override
            public void binary() {
                peer.close(1003, "binary frames are not spoken here");
            }

            @Override
            public void closed(int code) {
                admitted.closed();
                me.leave();
            }
        }, peer, hub.limits());
    }

    /** A member without the publish grant on the room's channel hears the room but cannot speak. */
    private static boolean allowed(Hub hub, Admission admitted, ChannelPath channel) {
        try {
            hub.require(admitted.identity(), Action.PUBLISH, channel);
            return true;
        } catch (ProtocolException e) {
            return false;
        }
    }
}
