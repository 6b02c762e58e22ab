package io.switchboard.client;

import jakarta.json.JsonObject;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** What the parts of {@link HubClient} ({@link Callees}, {@link Documents}) need of the session. */
interface Requester {
    /**
     * Sends a request frame built around a fresh id, now or after the next welcome, and resends it
     * after a reconnect until answered. {@code key} ({@code "sub /a"}, {@code "watch /state/x"})
     * names what the request restores, or is null.
     */
    CompletableFuture<JsonObject> request(String key, Function<String, String> frame);

    /** Sends a frame on the current connection; false (and nothing sent) while there is none. */
    boolean sendIfWelcomed(String frame);
}
