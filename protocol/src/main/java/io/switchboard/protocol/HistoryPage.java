package io.switchboard.protocol;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a channel's history, the answer to a {@code history} request (docs/protocol.md,
 * History on demand): the hub writes it with {@link ServerFrames#history}, a client reads it back
 * with {@link #read}. {@code msgs} are in paging order (oldest first forward, newest first in
 * reverse), so the next page is asked from the last one's {@code off}. {@code gap} (or null) says
 * what history no longer holds of what was asked: a channel gap of offsets {@code from..to}, or an
 * epoch gap when {@code since} named another epoch (the page is then empty). {@code more} says
 * the hub holds further messages in the paging direction.
 */
public record HistoryPage(String ch, String epoch, long top, List<Entry> msgs, Gap gap, boolean more) {

    /** A held message: its offset, its data as JSON text and when it was published (epoch ms). */
    public record Entry(long off, String data, long at) {

        /** The data as a JSON value. */
        public JsonValue value() {
            try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(data))) {
                return reader.readValue();
            }
        }
    }

    public HistoryPage {
        msgs = List.copyOf(msgs);
    }

    /** The offset to ask the next page from (the last message's), or null if the page is empty. */
    public Long next() {
        return msgs.isEmpty() ? null : msgs.get(msgs.size() - 1).off();
    }

    /** Reads the page a {@code history} frame (or {@code GET /api/history}) carries. */
    public static HistoryPage read(JsonObject f) {
        List<Entry> entries = new ArrayList<>();
        for (JsonValue v : f.getJsonArray("msgs")) {
            JsonObject m = v.asJsonObject();
            entries.add(new Entry(m.getJsonNumber("off").longValue(), m.get("data").toString(),
                    Instant.parse(m.getString("at")).toEpochMilli()));
        }
        return new HistoryPage(f.getString("ch"), f.getString("epoch"), f.getJsonNumber("top").longValue(), entries,
                gap(f.getString("ch"), f.get("gap")), f.getBoolean("more", false));
    }

    private static Gap gap(String ch, JsonValue v) {
        if (!(v instanceof JsonObject g)) {
            return null;
        }
        if (g.get("epoch") != null) {
            return Gap.epochChanged(g.getString("epoch"));
        }
        return Gap.lost(ch, number(g, "from"), number(g, "to"));
    }

    private static long number(JsonObject o, String field) {
        return o.get(field) instanceof JsonNumber n ? n.longValue() : 0;
    }
}
