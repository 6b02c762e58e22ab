package io.switchboard.outbound;

import java.util.List;

/** What a {@link Pump} writes from: a session's outbox, or a socket's own queue of texts. */
public interface Backlog {

    /** Moves pending frames to {@code out}, up to about {@code maxChars} (at least one); returns how many. */
    int drainTo(List<String> out, int maxChars);

    /** Whether frames are pending. */
    boolean isEmpty();

    /** Whether the client takes several frames in one message (hello's batch). */
    boolean joined();

    /** The frames last drained were written ({@code failure} null) or will never be. */
    default void written(Throwable failure) {
    }
}
