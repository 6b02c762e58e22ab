package io.switchboard.sockets;

import io.switchboard.auth.Authenticator;
import io.switchboard.auth.Identity;
import io.switchboard.hub.Hub;
import io.switchboard.protocol.JsonText;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The token check of a socket that speaks no {@code hello} (chat, index, {@code /data}): with auth
 * on, the handshake's token must be valid, else the socket gets an {@code unauthorized} error and
 * is closed with 1008. An admitted socket lives no longer than its token: the hub's timer closes it
 * then, as a session is closed. Its handler calls {@link #closed} when the socket ends, so a socket
 * gone long before its token expires is not held by that timer meanwhile.
 */
public final class Admission {
    private static final Admission OPEN = new Admission(null);

    private final Identity identity;
    /** The peer to close when the token expires; cleared once the socket closed. */
    private final AtomicReference<Peer> watched = new AtomicReference<>();
    private volatile Future<?> expiry;

    private Admission(Identity identity) {
        this.identity = identity;
    }

    /** Who the token names; null on a hub without users. */
    public Identity identity() {
        return identity;
    }

    /** The socket ended: its token's expiry is no longer watched. Harmless twice. */
    public void closed() {
        watched.set(null);
        Future<?> f = expiry;
        if (f != null) {
            f.cancel(false);
        }
    }

    /** The admission, or null if the socket was refused (and closed). An open hub admits everyone. */
    public static Admission check(Hub hub, SocketRequest request, Peer peer) {
        Authenticator auth = hub.auth();
        if (auth == null) {
            return OPEN;
        }
        Identity who = request.token() == null ? null : auth.verify(request.token());
        if (who == null) {
            refuse(peer, 1008, "unauthorized", request.token() == null ? "a token is required (access_token)"
                    : "the token is not valid or has expired");
            return null;
        }
        Admission admitted = new Admission(who);
        if (who.expiresAt() != Long.MAX_VALUE) {
            admitted.watched.set(peer);
            admitted.expiry = hub.timers().schedule(admitted::expired, Math.max(0, who.expiresAt() - hub.now()),
                    TimeUnit.MILLISECONDS);
        }
        return admitted;
    }

    private void expired() {
        Peer peer = watched.getAndSet(null);
        if (peer != null) {
            refuse(peer, 1008, "unauthorized", "the token has expired");
        }
    }

    /** An error the socket's peer can read, then the close. */
    public static void refuse(Peer peer, int closeCode, String code, String message) {
        peer.send(error(code, message));
        peer.close(closeCode, message.length() > 120 ? message.substring(0, 120) : message);
    }

    /** {@code {"error":{"code","message"}}}, the shape of every error outside the frame protocol. */
    public static String error(String code, String message) {
        return "{\"error\":{\"code\":" + JsonText.quote(code) + ",\"message\":" + JsonText.quote(message) + "}}";
    }
}
