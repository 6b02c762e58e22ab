package io.switchboard.auth;

/**
 * What a role grants patterns for. {@code ADMIN} is the Server API's (docs/admin.md): only
 * {@code admin:/**} is asked for, and the {@code default} role never has it unless configured.
 */
public enum Action {
    PUBLISH, SUBSCRIBE, CALL, REGISTER, ADMIN
}
