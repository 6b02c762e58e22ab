package io.switchboard.hub;

import io.switchboard.auth.Identity;
import java.util.Set;

/**
 * Who asks the {@link Authorizer}: the token's {@code user} and {@code roles} (null and empty on a
 * hub without auth), and the session's {@code inbox} (its name, else its client id) when the
 * request comes from a session; null for HTTP, SSE and a call's check.
 */
public record Asker(String user, Set<String> roles, String inbox) {
    public Asker {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    static Asker of(Identity who, String inbox) {
        return who == null ? new Asker(null, Set.of(), inbox) : new Asker(who.user(), who.roles(), inbox);
    }
}
