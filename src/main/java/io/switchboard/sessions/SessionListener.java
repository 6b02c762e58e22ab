package io.switchboard.sessions;

/** What the hub wants to hear about a session's life (metrics, logs). */
public interface SessionListener {

    /** The session fell more than its queue limit behind and lost {@code dropped} frames. */
    void slowConsumer(Session session, int dropped);

    SessionListener NONE = (s, d) -> { };
}
