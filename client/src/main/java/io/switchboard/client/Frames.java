package io.switchboard.client;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/** The message layer: protocol frames to and from JSON text. */
public final class Frames {
    private Frames() {
    }

    /** The frames in one WebSocket message (several, newline-separated, when batching). */
    public static List<JsonObject> read(String text) {
        List<JsonObject> out = new ArrayList<>(1);
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                try (var reader = Json.createReader(new StringReader(line))) {
                    out.add(reader.readObject());
                }
            }
        }
        return out;
    }

    public static JsonObjectBuilder op(String op) {
        return Json.createObjectBuilder().add("op", op);
    }

    public static String hello(String client, String name, String kind, String token, long resumeSeq) {
        JsonObjectBuilder b = op("hello").add("client", client).add("batch", true);
        optional(b, "name", name);
        optional(b, "kind", kind);
        optional(b, "token", token);
        if (resumeSeq > 0) {
            b.add("resume", Json.createObjectBuilder().add("seq", resumeSeq));
        }
        return b.build().toString();
    }

    public static String sub(String pattern, String id, Long sinceOff, String epoch) {
        JsonObjectBuilder b = op("sub").add("ch", pattern).add("id", id);
        if (sinceOff != null) {
            b.add("since", Json.createObjectBuilder().add("off", sinceOff).add("epoch", epoch));
        }
        return b.build().toString();
    }

    public static String unsub(String pattern, String id) {
        return op("unsub").add("ch", pattern).add("id", id).build().toString();
    }

    public static String pub(String channel, JsonValue data, String id, boolean retain) {
        JsonObjectBuilder b = op("pub").add("ch", channel).add("data", data).add("id", id);
        if (retain) {
            b.add("retain", true);
        }
        return b.build().toString();
    }

    public static String ack(long seq) {
        return op("ack").add("seq", seq).build().toString();
    }

    public static String bye() {
        return op("bye").build().toString();
    }

    private static void optional(JsonObjectBuilder b, String key, String value) {
        if (value != null) {
            b.add(key, value);
        }
    }
}
