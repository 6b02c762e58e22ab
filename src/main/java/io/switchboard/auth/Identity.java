package io.switchboard.auth;

import java.util.Set;

/** Who a session or request acts for, as its token says, until {@code expiresAt} (epoch ms). */
public record Identity(String user, Set<String> roles, long expiresAt) {

    public Identity {
        roles = Set.copyOf(roles);
    }

    public boolean expired(long now) {
        return now >= expiresAt;
    }
}
