package io.switchboard.client;

import jakarta.json.Json;
import jakarta.json.JsonArray;
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

    /** {@code sub}; with {@code sinceOff}, {@code since} is {@code {"off","epoch"}}, or a bare offset without an epoch. */
    public static String sub(String pattern, String id, Long sinceOff, String epoch) {
        JsonObjectBuilder b = op("sub").add("ch", pattern).add("id", id);
        if (sinceOff != null && epoch != null) {
            b.add("since", Json.createObjectBuilder().add("off", sinceOff).add("epoch", epoch));
        } else if (sinceOff != null) {
            b.add("since", sinceOff);
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

    /** {@code call}; {@code timeoutMillis} null leaves the hub's default (10 s). */
    public static String call(String channel, JsonValue data, String id, Long timeoutMillis) {
        JsonObjectBuilder b = op("call").add("ch", channel).add("data", data).add("id", id);
        if (timeoutMillis != null) {
            b.add("timeout", timeoutMillis);
        }
        return b.build().toString();
    }

    public static String register(String pattern, String id) {
        return op("register").add("ch", pattern).add("id", id).build().toString();
    }

    public static String unregister(String pattern, String id) {
        return op("unregister").add("ch", pattern).add("id", id).build().toString();
    }

    /** The answer to an {@code invoke}: {@code id} is the invoke's. */
    public static String yieldData(String invokeId, JsonValue data) {
        return op("yield").add("id", invokeId).add("data", data).build().toString();
    }

    /** A failed answer to an {@code invoke}; {@code code} is optional. */
    public static String yieldError(String invokeId, String message, String code) {
        JsonObjectBuilder error = Json.createObjectBuilder().add("message", message == null ? "" : message);
        optional(error, "code", code);
        return op("yield").add("id", invokeId).add("error", error).build().toString();
    }

    public static String watch(String channel, String id) {
        return op("watch").add("ch", channel).add("id", id).build().toString();
    }

    public static String unwatch(String channel, String id) {
        return op("unwatch").add("ch", channel).add("id", id).build().toString();
    }

    /** {@code patch} with a merge patch (RFC 7386); {@code base} null patches whatever the current rev is. */
    public static String patchMerge(String channel, JsonObject merge, Long base, String id) {
        JsonObjectBuilder b = op("patch").add("ch", channel).add("merge", merge).add("id", id);
        return withBase(b, base);
    }

    /** {@code patch} with RFC 6902 ops. */
    public static String patchOps(String channel, JsonArray ops, Long base, String id) {
        JsonObjectBuilder b = op("patch").add("ch", channel).add("ops", ops).add("id", id);
        return withBase(b, base);
    }

    public static String ping(String id) {
        return op("ping").add("id", id).build().toString();
    }

    private static String withBase(JsonObjectBuilder b, Long base) {
        if (base != null) {
            b.add("base", base);
        }
        return b.build().toString();
    }

    /** {@code view} of a device; a null device stops viewing. */
    public static String view(String device, String id) {
        JsonObjectBuilder b = op("view").add("id", id);
        if (device == null) {
            b.addNull("device");
        } else {
            b.add("device", device);
        }
        return b.build().toString();
    }

    public static String emit(JsonValue data, String id) {
        return op("emit").add("data", data).add("id", id).build().toString();
    }

    public static String input(String device, JsonValue data, String id) {
        return op("input").add("device", device).add("data", data).add("id", id).build().toString();
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
