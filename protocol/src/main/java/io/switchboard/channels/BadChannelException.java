package io.switchboard.channels;

/** A channel or pattern that breaks the naming rules; the message says which rule, for the client. */
public final class BadChannelException extends Exception {

    private static final long serialVersionUID = 1L;

    public BadChannelException(String message) {
        super(message);
    }
}
