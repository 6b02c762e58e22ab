package io.switchboard.it;

import io.switchboard.sockets.Peer;
import io.switchboard.sockets.SocketHandler;
import io.switchboard.sockets.SocketRequest;
import io.switchboard.websocket.DirectSocket;
import io.switchboard.websocket.HandshakeCapture;
import jakarta.websocket.server.ServerEndpoint;

/**
 * A test-only endpoint class added to the test deployment: it must show in the index tree with no
 * registration anywhere (it answers each text with {@code {"echo": text}}).
 */
@ServerEndpoint(value = "/data/echo", configurator = HandshakeCapture.class)
public class EchoEndpoint extends DirectSocket {

    @Override
    public SocketHandler open(SocketRequest request, Peer peer) {
        return new SocketHandler() {
            @Override
            public void text(String text) {
                peer.send("{\"echo\":" + jakarta.json.Json.createValue(text) + "}");
            }

            @Override
            public void binary() {
                peer.close(1003, "text only");
            }

            @Override
            public void closed(int code) {
            }
        };
    }
}
