package io.switchboard.sse;

import io.switchboard.routing.Message;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The {@code event: msg} of each message, framed once for all the streams it goes to. Delivery
 * hands one message to every matching stream in a row, so a few slots (by offset) catch nearly
 * every repeat; a miss only frames the event again.
 */
final class MsgEvents {
    private static final int SLOTS = 64;

    private record Slot(Message message, SseEvent event) {
    }

    private final AtomicReferenceArray<Slot> slots = new AtomicReferenceArray<>(SLOTS);
    private final String epoch;

    MsgEvents(String epoch) {
        this.epoch = epoch;
    }

    SseEvent of(Message m) {
        int i = (int) (m.off() & (SLOTS - 1));
        Slot s = slots.get(i);
        if (s != null && s.message() == m) {
            return s.event();
        }
        // The msg frame of /ws without its per-session seq: an event stream has no session.
        SseEvent e = SseEvent.of(id(m.off()), "msg", m.openFrame() + "}");
        slots.set(i, new Slot(m, e));
        return e;
    }

    String id(long off) {
        return epoch + ":" + off;
    }
}
