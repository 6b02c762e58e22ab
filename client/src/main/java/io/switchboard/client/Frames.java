package io.switchboard.client;

import static io.switchboard.protocol.ClientFrames.idText;
import static io.switchboard.protocol.ClientFrames.write;

import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.ClientFrames;
import io.switchboard.protocol.Since;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The message layer: protocol frames to and from JSON text. What the client sends is the
 * protocol module's own {@link ClientFrame}, written by its {@link ClientFrames}: the hub reads
 * it with the same vocabulary.
 */
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

    public static String hello(String client, String name, String kind, String token, long resumeSeq) {
        return write(new ClientFrame.Hello(client, name, kind, token, resumeSeq > 0 ? resumeSeq : null, true));
    }

    /** {@code sub}; with {@code sinceOff}, {@code since} is {@code {"off","epoch"}}, or a bare offset without an epoch. */
    public static String sub(String pattern, String id, Long sinceOff, String epoch) {
        return write(new ClientFrame.Sub(pattern, idText(id), sinceOff == null ? null : new Since(sinceOff, epoch)));
    }

    public static String unsub(String pattern, String id) {
        return write(new ClientFrame.Unsub(pattern, idText(id)));
    }

    public static String pub(String channel, JsonValue data, String id, boolean retain) {
        return write(new ClientFrame.Pub(channel, data, idText(id), retain));
    }

    /** {@code call}; {@code timeoutMillis} null leaves the hub's default (10 s). */
    public static String call(String channel, JsonValue data, String id, Long timeoutMillis) {
        return write(new ClientFrame.Call(channel, data, idText(id), timeoutMillis));
    }

    public static String register(String pattern, String id) {
        return write(new ClientFrame.Register(pattern, idText(id)));
    }

    public static String unregister(String pattern, String id) {
        return write(new ClientFrame.Unregister(pattern, idText(id)));
    }

    /** The answer to an {@code invoke}: {@code id} is the invoke's. */
    public static String yieldData(String invokeId, JsonValue data) {
        return write(new ClientFrame.Yield(invokeId, data, null));
    }

    /** A failed answer to an {@code invoke}; {@code code} is optional. */
    public static String yieldError(String invokeId, String message, String code) {
        JsonObjectBuilder error = Json.createObjectBuilder().add("message", message == null ? "" : message);
        if (code != null) {
            error.add("code", code);
        }
        return write(new ClientFrame.Yield(invokeId, null, error.build()));
    }

    public static String watch(String channel, String id) {
        return write(new ClientFrame.Watch(channel, idText(id)));
    }

    public static String unwatch(String channel, String id) {
        return write(new ClientFrame.Unwatch(channel, idText(id)));
    }

    /** {@code patch} with a merge patch (RFC 7386); {@code base} null patches whatever the current rev is. */
    public static String patchMerge(String channel, JsonObject merge, Long base, String id) {
        return write(new ClientFrame.Patch(channel, merge, null, base, idText(id)));
    }

    /** {@code patch} with RFC 6902 ops. */
    public static String patchOps(String channel, JsonArray ops, Long base, String id) {
        return write(new ClientFrame.Patch(channel, null, ops, base, idText(id)));
    }

    public static String refresh(String token, String id) {
        return write(new ClientFrame.Refresh(token, idText(id)));
    }

    /** {@code history}: {@code since} null starts at the oldest (or, reverse, the newest) held; {@code limit} null is 100. */
    public static String history(String channel, String id, Long since, Integer limit, boolean reverse) {
        return write(new ClientFrame.History(channel, idText(id), since == null ? null : new Since(since, null), limit,
                reverse));
    }

    public static String ping(String id) {
        return write(new ClientFrame.Ping(idText(id)));
    }

    /** {@code view} of a device; a null device stops viewing. */
    public static String view(String device, String id) {
        return write(new ClientFrame.View(device, idText(id)));
    }

    public static String emit(JsonValue data, String id) {
        return write(new ClientFrame.Emit(data, idText(id)));
    }

    public static String input(String device, JsonValue data, String id) {
        return write(new ClientFrame.Input(device, data, idText(id)));
    }

    public static String ack(long seq) {
        return write(new ClientFrame.Ack(seq));
    }

    public static String bye() {
        return write(new ClientFrame.Bye());
    }
}
