package io.switchboard.client;

/** The hub refused a request: {@code code} is the protocol's error code ({@code bad_channel}, ...). */
public class HubException extends RuntimeException {
    private final String code;

    public HubException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
