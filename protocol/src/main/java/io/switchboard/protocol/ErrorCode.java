package io.switchboard.protocol;

import java.util.Locale;

/** The error codes of the protocol, with the HTTP status each maps to (docs/protocol.md, Limits and errors). */
public enum ErrorCode {
    BAD_JSON(400), BAD_FRAME(400), UNKNOWN_OP(400), BAD_CHANNEL(400), TOO_LARGE(413),
    RATE_LIMITED(429), UNAUTHORIZED(401), FORBIDDEN(403), NAME_TAKEN(409), NO_CALLEE(404),
    TIMEOUT(504), CALLEE_ERROR(502), CALLEE_GONE(502), DEVICE_OFFLINE(404), CONFLICT(409),
    PATCH_FAILED(400), OVERLOADED(503), NOT_FOUND(404);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The code of a wire name ({@code callee_gone}); unknown names are {@code callee_error}. */
    public static ErrorCode fromWire(String wire) {
        for (ErrorCode c : values()) {
            if (c.wire().equals(wire)) {
                return c;
            }
        }
        return CALLEE_ERROR;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
