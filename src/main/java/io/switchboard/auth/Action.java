package io.switchboard.auth;

/** What a role grants patterns for. */
public enum Action {
    PUBLISH, SUBSCRIBE, CALL, REGISTER
}
