package io.switchboard.hub;

/**
 * The application's say on who may do what, asked after the token's grants allowed it (so it only
 * narrows them). A refusal answers {@code forbidden}, as a missing grant does; a method that throws
 * refuses too. Called on the request's own thread: answer from memory, never block.
 * In the WAR, an application CDI bean implementing it is used (docs/hooks.md).
 */
public interface Authorizer {
    /** Allows everything: the hub's authorizer when the application brings none. */
    Authorizer ALLOW_ALL = new Authorizer() {
    };

    /** A {@code hello}: {@code client} is the session's client id, {@code name} its name or null. */
    default boolean connect(Asker who, String client, String name, String transport) {
        return true;
    }

    /** A {@code sub} (SSE streams and {@code /data} sockets too), of a pattern or channel. */
    default boolean subscribe(Asker who, String pattern) {
        return true;
    }

    /** A {@code pub}, an HTTP publish, a state or device write. */
    default boolean publish(Asker who, String channel) {
        return true;
    }

    /** A {@code call}, from a session or HTTP. */
    default boolean call(Asker who, String channel) {
        return true;
    }
}
