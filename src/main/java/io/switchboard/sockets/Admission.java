package io.switchboard.sockets;

import io.switchboard.auth.Authenticator;
import io.switchboard.auth.Identity;
import io.switchboard.protocol.JsonText;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The token check of a socket that speaks no {@code hello} (chat, index, {@code /data}): with auth
 * on, the handshake's token must be valid, else the socket gets an {@code unauthorized}
 * error and is closed with 1008.
 */
public record Admission(Identity identity) {
    private static final Admission OPEN = new Admission(null);
    /** One daemon timer for every admitted socket's token expiry; closing a closed peer is harmless. */
    private static final ScheduledExecutorService EXPIRY = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "switchboard-token-expiry");
        t.setDaemon(true);
        return t;
    });

    /** The admission, or null if the socket was refused (and closed). An open hub admits everyone. */
    public static Admission check(Authenticator auth, SocketRequest request, Peer peer) {
        if (auth == null) {
            return OPEN;
        }
        Identity who = request.token() == null ? null : auth.verify(request.token());
        if (who == null) {
            refuse(peer, 1008, "unauthorized", request.token() == null ? "a token is required (access_token)"
                    : "the token is not valid or has expired");
            return null;
        }
        closeAtExpiry(who, peer);
        return new Admission(who);
    }

    /** A socket lives no longer than its token: then {@code unauthorized} and 1008, as a session gets. */
    private static void closeAtExpiry(Identity who, Peer peer) {
        long in = who.expiresAt() - System.currentTimeMillis();
        if (who.expiresAt() != Long.MAX_VALUE) {
            EXPIRY.schedule(() -> refuse(peer, 1008, "unauthorized", "the token has expired"), Math.max(0, in),
                    TimeUnit.MILLISECONDS);
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
