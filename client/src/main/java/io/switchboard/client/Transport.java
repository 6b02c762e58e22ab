package io.switchboard.client;

import java.net.URI;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * How {@link ReconnectingSocket} reaches the hub: a WebSocket ({@code ws://}, {@code wss://}) or
 * a TCP line socket ({@code tcp://host:port}). A transport opens one connection at a time and
 * hides what its wire does about pings and closes; reconnecting, backoff and the silence watchdog
 * stay in the socket above it.
 */
public interface Transport {

    /** One open connection. */
    interface Wire {
        /** Sends one frame; the socket above sends one at a time. */
        CompletableFuture<?> send(String text);

        /** Drops the connection without a word, as a network fault would. */
        void abort();

        /** Ends the connection cleanly (WebSocket close 1000; on TCP, FIN after the pending sends). */
        CompletableFuture<?> close();
    }

    /** What a connection tells the socket above; calls of one connection come one at a time. */
    interface Events {
        /** Before any text: the connection is up. */
        void opened(Wire wire);

        void text(String text);

        /** Something came in (a frame, a ping): the connection is alive. */
        void heard();

        /** The connection ended; {@code code} is a WebSocket close code (1006: no close was said). */
        void closed(int code, String reason);
    }

    /**
     * Opens a connection to {@code uri}; the future fails if it cannot be opened (then
     * {@code events} hears nothing).
     */
    CompletableFuture<Void> open(URI uri, Events events);

    /** The transport for a URI's scheme: {@code ws}/{@code wss} or {@code tcp}. */
    static Transport forUri(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "ws", "wss" -> new WebSocketTransport();
            case "tcp" -> new TcpTransport();
            default -> throw new IllegalArgumentException("no transport for " + uri + ": use ws://, wss:// or tcp://");
        };
    }
}
