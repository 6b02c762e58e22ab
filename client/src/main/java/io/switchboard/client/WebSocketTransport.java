package io.switchboard.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The JDK's WebSocket as a {@link Transport}: pings are answered by the JDK and count as heard. */
final class WebSocketTransport implements Transport {
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    public CompletableFuture<Void> open(URI uri, Events events) {
        return http.newWebSocketBuilder().buildAsync(uri, new Listener(events)).thenApply(ws -> null);
    }

    private record WsWire(WebSocket ws) implements Wire {
        @Override
        public CompletableFuture<?> send(String text) {
            return ws.sendText(text, true);
        }

        @Override
        public void abort() {
            ws.abort();
        }

        @Override
        public CompletableFuture<?> close() {
            return ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final Events events;
        private final StringBuilder part = new StringBuilder();

        Listener(Events events) {
            this.events = events;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            events.heard();
            events.opened(new WsWire(webSocket));
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            events.heard();
            part.append(data);
            if (last) {
                String text = part.toString();
                part.setLength(0);
                events.text(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, java.nio.ByteBuffer message) {
            events.heard();
            return WebSocket.Listener.super.onPing(webSocket, message);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            events.closed(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            events.closed(1006, String.valueOf(error.getMessage()));
        }
    }
}
