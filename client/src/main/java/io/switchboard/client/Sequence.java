package io.switchboard.client;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;

/**
 * The session's {@code seq} bookkeeping: which sequenced frames to process (in order, none
 * twice), where a resume starts, and when to ack. Frames come in seq order with none skipped; a
 * {@code gap} of the session's frames may stand for a range that ends at its seq.
 */
final class Sequence {
    enum Verdict {
        /** Process it. */
        NEXT,
        /** Already processed: a resend, drop it. */
        SEEN,
        /** Frames before it went missing on the way: do not process it, reconnect and resume. */
        MISSING
    }

    private final int ackEvery;
    private long last;
    private long acked;

    Sequence(int ackEvery) {
        this.ackEvery = ackEvery;
    }

    synchronized Verdict accept(String op, long seq, JsonObject f) {
        if (seq <= last) {
            return Verdict.SEEN;
        }
        long first = isSeqGap(op, f) && f.get("from") instanceof JsonNumber from ? from.longValue() : seq;
        if (first > last + 1) {
            return Verdict.MISSING;
        }
        last = seq;
        return Verdict.NEXT;
    }

    /** A gap of the session's own frames (slow consumer): not a channel's history, not an epoch change. */
    static boolean isSeqGap(String op, JsonObject f) {
        return "gap".equals(op) && !f.containsKey("ch") && !f.containsKey("epoch");
    }

    synchronized long last() {
        return last;
    }

    /** A connection opens: the {@code resume.seq} of its hello, which acks everything up to it. */
    synchronized long resumeFrom() {
        acked = last;
        return last;
    }

    /** The hub could not resume: a new session numbers its frames from 1. */
    synchronized void reset() {
        last = 0;
        acked = 0;
    }

    /** The seq to ack now, or -1: every {@code ackEvery} frames, or whatever is left when {@code force}d. */
    synchronized long ackDue(boolean force) {
        if (last <= acked || (!force && last - acked < ackEvery)) {
            return -1;
        }
        acked = last;
        return last;
    }
}
