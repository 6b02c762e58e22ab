package io.switchboard.hub;

/**
 * What happened in the hub, as applications hear of it (docs/hooks.md): CDI events in the WAR and
 * webhook POSTs. {@code at} is the hub's clock (epoch ms) when it happened; {@code inbox} is a
 * session's inbox name ({@code /clients/<inbox>}: its name, else its client id), null for a
 * subscriber without a session (an SSE stream, a {@code /data} socket); {@code user} is null on a
 * hub without auth.
 */
public sealed interface HubEvent {
    /** The word webhooks carry in {@code type}. */
    String type();

    long at();

    /** A session was opened or resumed on a connection ({@code transport}: ws, mux, tcp, poll). */
    record Connected(String client, String name, String inbox, String user, String transport, boolean resumed, long at)
            implements HubEvent {
        public String type() {
            return "connected";
        }
    }

    /**
     * The connection of a session closed ({@code code}: the close code seen). {@code ended}: the
     * session ended with it; otherwise it waits {@code limits.sessionTtl} for a resume.
     */
    record Disconnected(String client, String inbox, String user, String transport, int code, boolean ended, long at)
            implements HubEvent {
        public String type() {
            return "disconnected";
        }
    }

    /** A subscriber took a pattern it did not hold (inbox patterns are not reported). */
    record Subscribed(String ch, String inbox, long at) implements HubEvent {
        public String type() {
            return "subscribed";
        }
    }

    /** A subscriber left a pattern it held (unsubscribed, or its session or stream ended). */
    record Unsubscribed(String ch, String inbox, long at) implements HubEvent {
        public String type() {
            return "unsubscribed";
        }
    }

    /** A client or the HTTP API published; {@code data} is the JSON text, {@code from} the publisher's inbox or null. */
    record Published(String ch, long off, String from, boolean retain, String data, long at) implements HubEvent {
        public String type() {
            return "published";
        }
    }

    /** A pattern got its first subscriber, cluster-wide; told once, by the node where it happened. */
    record Occupied(String ch, long at) implements HubEvent {
        public String type() {
            return "occupied";
        }
    }

    /** A pattern lost its last subscriber, cluster-wide; told once, by the node where it happened. */
    record Vacated(String ch, long at) implements HubEvent {
        public String type() {
            return "vacated";
        }
    }

    /** Hears the hub's events, one at a time, on the hub's event thread (never on a delivery path). */
    @FunctionalInterface
    interface Listener {
        void on(HubEvent event);
    }
}
