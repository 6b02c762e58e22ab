package io.switchboard.security;

import io.switchboard.auth.Authenticator;
import io.switchboard.auth.Grants;
import io.switchboard.auth.Identity;

/** The hub's own tokens and an external issuer's, both accepted: the first that verifies names the user. */
public final class EitherTokens implements Authenticator {
    private final Authenticator own;
    private final Authenticator issuer;

    public EitherTokens(Authenticator own, Authenticator issuer) {
        this.own = own;
        this.issuer = issuer;
    }

    @Override
    public Identity verify(String token) {
        Identity who = own.verify(token);
        return who != null ? who : issuer.verify(token);
    }

    @Override
    public Grants grants() {
        return own.grants();
    }
}
