package io.switchboard.websocket;

import io.switchboard.app.TreeService;
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
 * gets {@code {"from","text","at"}}. What members send is held to the limits of
 * {@code /ws} ({@link InboundLimits}); binary closes with 1003.
 */
@ServerEndpoint(value = "/chatrooms/{room}/chat", configurator = HandshakeCapture.class)
public class ChatEndpoint extends DirectSocket {
    @Inject
    TreeService tree;

    @Override
    public SocketHandler open(SocketRequest request, Peer peer) {
        if (Admission.check(tree.hub().auth(), request, peer) == null) {
            return SocketHandler.IGNORE;
        }
        String room = request.pathParam("room");
        if (!TreeService.isRoomName(room)) {
            Admission.refuse(peer, 1008, "bad_channel", "not a room name: " + room);
            return SocketHandler.IGNORE;
        }
        Member me = tree.rooms().join(room, request.queryParam("name"), peer);
        return InboundLimits.wrap(new SocketHandler() {
            @Override
            public void text(String text) {
                me.say(text);
            }

            @Override
            public void binary() {
                peer.close(1003, "binary frames are not spoken here");
            }

            @Override
            public void closed(int code) {
                me.leave();
            }
        }, peer, tree.hub().limits());
    }
}
