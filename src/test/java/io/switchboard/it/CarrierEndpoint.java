package io.switchboard.it;

import io.switchboard.sockets.Peer;
import io.switchboard.sockets.SocketHandler;
import io.switchboard.sockets.SocketRequest;
import io.switchboard.websocket.DirectSocket;
import io.switchboard.websocket.HandshakeCapture;
import io.switchboard.websocket.Sockets;
import jakarta.inject.Inject;
import jakarta.websocket.server.ServerEndpoint;

/**
 * A test-only carrier: it opens the socket path named by its {@code topic} query parameter through
 * the routes, over its own peer, as a {@code /mux} topic would be opened (no loopback connection).
 * Unknown paths close with 1008 ("uns").
 */
@ServerEndpoint(value = "/data/carrier", configurator = HandshakeCapture.class)
public class CarrierEndpoint extends DirectSocket {
    @Inject
    Sockets sockets;

    @Override
    public SocketHandler open(SocketRequest request, Peer peer) {
        SocketHandler topic = sockets.routes().open(request.forTopic("mux", request.queryParam("topic")), peer);
        if (topic == null) {
            peer.close(1008, "uns");
            return SocketHandler.IGNORE;
        }
        return topic;
    }
}
