package io.switchboard.protocol;

/** A request the hub refuses, with the protocol's error code and a message for people. */
public class ProtocolException extends Exception {
    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
