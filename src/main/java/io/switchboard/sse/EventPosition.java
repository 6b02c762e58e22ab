package io.switchboard.sse;

import io.switchboard.protocol.Since;

/**
 * Where a reconnecting EventSource stands: its {@code Last-Event-ID} (or the {@code lastEventId}
 * query parameter; the header wins), an event id {@code <epoch>:<off>}.
 */
final class EventPosition {
    private EventPosition() {
    }

    /** The position to replay after, or null for a new stream. An id that cannot be read is an unknown epoch. */
    static Since of(String header, String query) {
        String id = header != null && !header.isBlank() ? header : query;
        if (id == null || id.isBlank()) {
            return null;
        }
        id = id.trim();
        int colon = id.lastIndexOf(':');
        if (colon > 0) {
            try {
                long off = Long.parseLong(id.substring(colon + 1));
                if (off >= 0) {
                    return new Since(off, id.substring(0, colon));
                }
            } catch (NumberFormatException e) {
                // falls through: not an id this hub made
            }
        }
        return new Since(0, "?" + id);
    }
}
