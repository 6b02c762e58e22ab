package io.switchboard.http;

import io.switchboard.auth.Authenticator;
import io.switchboard.auth.Identity;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who may use the Server API (docs/admin.md). With users configured: a token (Bearer has
 * answered 401 without one) whose roles grant {@code admin:/**}, else 403. Without users: no token,
 * but only from a loopback address, so an open hub on a network is not open to admin from it.
 */
final class AdminAccess {
    private AdminAccess() {
    }

    static void check(Authenticator auth, Identity who, String remoteAddress) throws ProtocolException {
        if (auth != null) {
            if (who == null || !auth.grants().admin(who.roles())) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "the Server API needs the admin grant (admin:/**)"
                        + (who == null ? "" : "; " + who.user() + " has none"));
            }
        } else if (!loopback(remoteAddress)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "with no users configured the Server API answers "
                    + "only loopback addresses, not " + remoteAddress);
        }
    }

    /** A literal address (as the servlet container reports it) is never looked up. */
    static boolean loopback(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.isBlank()) {
            return false;
        }
        String literal = remoteAddress.startsWith("[") && remoteAddress.endsWith("]")
                ? remoteAddress.substring(1, remoteAddress.length() - 1) : remoteAddress;
        if (!literal.matches("[0-9.]+|[0-9A-Fa-f:.%a-zA-Z]*:[0-9A-Fa-f:.%a-zA-Z]*")) {
            return false; // a host name: not asked of DNS
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
