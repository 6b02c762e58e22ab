package io.switchboard.auth;

/** Checks tokens. The hub runs open (no authenticator) when no users are configured. */
public interface Authenticator {

    /** The identity a valid, unexpired token carries, or null. */
    Identity verify(String token);

    Grants grants();
}
