package io.switchboard.rpc;

import io.switchboard.protocol.ErrorCode;

/** Who gets a call's outcome: a session (as frames) or an HTTP request. Told exactly once. */
public interface Caller {

    void result(String dataJson);

    void failed(ErrorCode code, String message);

    /** Whose calls these are, for the per-session bound on pending calls; null for none (HTTP). */
    default Object owner() {
        return null;
    }
}
