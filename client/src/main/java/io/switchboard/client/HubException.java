package io.switchboard.client;

/**
 * The hub refused a request, or a call failed: {@code code} is the protocol's error code
 * ({@code bad_channel}, {@code no_callee}, {@code timeout}, {@code callee_error}, {@code conflict}, ...).
 * A callee may throw one to yield an error with that code.
 */
public class HubException extends RuntimeException {
    private final String code;
    private final String detail;

    public HubException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
        this.detail = message;
    }

    public String code() {
        return code;
    }

    /** The message without the code (the hub's {@code error.message}). */
    public String detail() {
        return detail;
    }
}
