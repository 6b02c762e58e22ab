package io.switchboard.protocol;

/** The server frames that are not messages; each returns JSON text ready to send. */
public final class ServerFrames {
    /** The characters {@link #history} writes for one entry beyond its data, at most (for paging within a size). */
    public static final int HISTORY_ENTRY_OVERHEAD = 80;

    private ServerFrames() {
    }

    public static String ok(String id) {
        return JsonText.op("ok").raw("id", id).toString();
    }

    public static String okOffset(String id, long off) {
        return JsonText.op("ok").raw("id", id).num("off", off).toString();
    }

    public static String okSub(String id, String epoch, long off) {
        return JsonText.op("ok").raw("id", id).str("epoch", epoch).num("off", off).toString();
    }

    /** An error without an id or seq: the answer to a frame whose id could not be read. */
    public static String error(ErrorCode code, String message) {
        return errorFrame(null, code, message).toString();
    }

    /** An error answering a frame with an id: left open for its seq. */
    public static String errorOpen(String id, ErrorCode code, String message) {
        return errorFrame(id, code, message).open();
    }

    private static JsonText errorFrame(String id, ErrorCode code, String message) {
        StringBuilder err = new StringBuilder(64).append("{\"code\":\"").append(code.wire()).append("\",\"message\":");
        JsonText.quote(err, message);
        return JsonText.op("error").raw("id", id).raw("error", err.append('}').toString());
    }

    /** The answer to a {@code refresh}: the new token's expiry (epoch ms), absent if it never expires. */
    public static String okExpires(String id, long expiresAt) {
        JsonText t = JsonText.op("ok").raw("id", id);
        return (expiresAt == Long.MAX_VALUE ? t : t.num("expires", expiresAt)).toString();
    }

    /** The session's token expires in {@code inMillis}: send a {@code refresh} before then. */
    public static String expiring(long inMillis) {
        return JsonText.op("expiring").num("in", inMillis).toString();
    }

    public static String pong(String id) {
        return JsonText.op("pong").raw("id", id).toString();
    }

    /** A gap in a channel's history, as offsets; left open for its seq. */
    public static String historyGapOpen(String ch, long from, long to) {
        return gapOpen(Gap.lost(ch, from, to));
    }

    /** The epoch asked for is not the current one: all before is unknown; open for its seq. */
    public static String epochGapOpen(String epoch) {
        return gapOpen(Gap.epochChanged(epoch));
    }

    /** A {@code since} gap as a frame, left open for its seq. */
    public static String gapOpen(Gap gap) {
        return gapFrame(gap).open();
    }

    /** A {@code since} gap as a whole frame (an SSE stream's {@code event: gap}: no session, no seq). */
    public static String gap(Gap gap) {
        return gapFrame(gap).toString();
    }

    private static JsonText gapFrame(Gap gap) {
        return gap.isEpoch() ? JsonText.op("gap").str("epoch", gap.epoch())
                : JsonText.op("gap").str("ch", gap.ch()).num("from", gap.from()).num("to", gap.to());
    }

    /**
     * A bare {@code /data} channel's gap (docs/web.md): the channel is the stream's own, so only
     * {@code {"from","to"}}, or {@code {"epoch"}} when the epoch changed.
     */
    public static String channelGap(Gap gap) {
        return gap.isEpoch() ? JsonText.object().str("epoch", gap.epoch()).toString()
                : JsonText.object().num("from", gap.from()).num("to", gap.to()).toString();
    }

    /**
     * The answer to {@code history} ({@code id} null over HTTP, which answers the same object):
     * {@code {"op":"history","id","ch","epoch","top","msgs":[{"off","data","at"}],"gap"?,"more"}},
     * {@code at} an ISO-8601 instant. Not sequenced: like {@code ok}, it answers this connection.
     */
    public static String history(String id, HistoryPage page) {
        StringBuilder msgs = new StringBuilder(64 + page.msgs().size() * 64).append('[');
        for (HistoryPage.Entry e : page.msgs()) {
            if (msgs.length() > 1) {
                msgs.append(',');
            }
            msgs.append("{\"off\":").append(e.off()).append(",\"data\":").append(e.data())
                    .append(",\"at\":\"").append(java.time.Instant.ofEpochMilli(e.at())).append("\"}");
        }
        JsonText t = JsonText.op("history").raw("id", id).str("ch", page.ch()).str("epoch", page.epoch())
                .num("top", page.top()).raw("msgs", msgs.append(']').toString());
        if (page.gap() != null) {
            t.raw("gap", page.gap().isEpoch() ? JsonText.object().str("epoch", page.gap().epoch()).toString()
                    : JsonText.object().num("from", page.gap().from()).num("to", page.gap().to()).toString());
        }
        return t.bool("more", page.more()).toString();
    }

    /** Frames a session lost to overflow, as seq numbers; it stands at seq {@code to} (see Outbox). */
    public static String seqGap(long from, long to) {
        return JsonText.withSeq(JsonText.op("gap").num("from", from).num("to", to).open(), to);
    }
}
