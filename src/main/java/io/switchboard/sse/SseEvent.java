package io.switchboard.sse;

import java.nio.charset.StandardCharsets;

/**
 * One event of a {@code text/event-stream}, encoded once as UTF-8 bytes so the same event can go
 * to any number of streams without being framed again. Multi-line data becomes one {@code data:}
 * line per line (any of CRLF, CR, LF ends a line, as the SSE spec reads them).
 */
public final class SseEvent {
    private final byte[] bytes;
    private final boolean dispatched;

    private SseEvent(String text, boolean dispatched) {
        this.bytes = text.getBytes(StandardCharsets.UTF_8);
        this.dispatched = dispatched;
    }

    /**
     * An event; {@code id} and {@code event} may be null (omitted). A null {@code data} makes an event
     * that the browser does not dispatch but whose id still becomes the EventSource's
     * {@code lastEventId}: a resume position with nothing to show.
     */
    public static SseEvent of(String id, String event, String data) {
        StringBuilder sb = new StringBuilder(32 + (data == null ? 0 : data.length()));
        field(sb, "id", id);
        field(sb, "event", event);
        if (data != null) {
            lines(sb, "data: ", data);
        }
        if (sb.isEmpty()) {
            throw new IllegalArgumentException("an event needs an id, an event name or data");
        }
        return new SseEvent(sb.append('\n').toString(), data != null);
    }

    /** A comment: ignored by clients, it keeps proxies from timing the connection out. */
    public static SseEvent comment(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 4);
        lines(sb, ": ", text);
        return new SseEvent(sb.append('\n').toString(), false);
    }

    /** How long a client waits before it reconnects, in milliseconds. */
    public static SseEvent retry(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("retry must not be negative: " + millis);
        }
        return new SseEvent("retry: " + millis + "\n\n", false);
    }

    private static void field(StringBuilder sb, String name, String value) {
        if (value == null) {
            return;
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an SSE " + name + " cannot hold a line break or NUL: " + value);
        }
        sb.append(name).append(": ").append(value).append('\n');
    }

    private static void lines(StringBuilder sb, String prefix, String text) {
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                sb.append(prefix).append(text, start, i).append('\n');
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        sb.append(prefix).append(text, start, text.length()).append('\n');
    }

    /** The encoded event, blank line included. Shared: do not change it. */
    byte[] bytes() {
        return bytes;
    }

    /** Whether a browser dispatches it (it has data): what the metrics count as an event sent. */
    boolean dispatched() {
        return dispatched;
    }

    public int size() {
        return bytes.length;
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
