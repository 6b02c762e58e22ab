package io.switchboard.hub;

import io.switchboard.protocol.ServerFrames;
import io.switchboard.sessions.Session;

/**
 * How frames with an id are answered (section 3): a frame whose id the session used before is
 * answered as the first was, not carried out again.
 */
final class Answers {
    private Answers() {
    }

    /** Whether {@code id} was seen before; if so its answer goes out again (an empty one: the first still runs). */
    static boolean repeated(Session s, String id) {
        String earlier = id == null ? null : s.answerTo(id);
        if (earlier == null) {
            return false;
        }
        if (!earlier.isEmpty()) {
            s.sendTransient(earlier);
        }
        return true;
    }

    /** Sends {@code ok} for {@code id} and remembers it as that id's answer. */
    static void answer(Session s, String id, String ok) {
        if (id != null) {
            s.remember(id, ok);
            s.sendTransient(ok);
        }
    }

    /** An {@code ok} for a frame that is safe to carry out twice, if it has an id. */
    static void okIfAsked(Session s, String id) {
        if (id != null) {
            s.sendTransient(ServerFrames.ok(id));
        }
    }
}
