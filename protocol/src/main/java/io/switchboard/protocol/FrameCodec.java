package io.switchboard.protocol;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

/**
 * Reads client frames. Decoding is two steps so that an error can still carry the frame's id
 * (docs/protocol.md, Limits and errors): {@link #parse} fails with bad_json and no id, {@link #decode} fails with an id.
 */
public final class FrameCodec {
    private final JsonInput input;

    public FrameCodec(JsonProvider json) {
        this(JsonInput.defaults(json));
    }

    public FrameCodec(JsonInput input) {
        this.input = input;
    }

    public JsonProvider json() {
        return input.json();
    }

    /** Where every transport turns client text into JSON, with the hub's limits. */
    public JsonInput input() {
        return input;
    }

    public JsonObject parse(String text) throws ProtocolException {
        JsonValue value = input.value(text);
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "a frame is a JSON object, got " + value.getValueType());
        }
        return value.asJsonObject();
    }

    /** The JSON text of the frame's id, or null when it has none or one that is neither string nor number. */
    public static String idOf(JsonObject frame) {
        JsonValue id = frame.get("id");
        return id instanceof JsonString || id instanceof JsonNumber ? id.toString() : null;
    }

    public ClientFrame decode(JsonObject f) throws ProtocolException {
        String op = text(f, "op", true);
        String id = id(f);
        return switch (op) {
            case "hello" -> new ClientFrame.Hello(text(f, "client", false), text(f, "name", false),
                    text(f, "kind", false), text(f, "token", false), resumeSeq(f), flag(f, "batch"));
            case "sub" -> new ClientFrame.Sub(channel(f), id, since(f));
            case "unsub" -> new ClientFrame.Unsub(channel(f), id);
            case "pub" -> new ClientFrame.Pub(channel(f), data(f), id, flag(f, "retain"));
            case "call" -> new ClientFrame.Call(channel(f), data(f), required(id, "call"), optionalNumber(f, "timeout"));
            case "register" -> new ClientFrame.Register(channel(f), id);
            case "unregister" -> new ClientFrame.Unregister(channel(f), id);
            case "yield" -> yieldFrame(f);
            case "watch" -> new ClientFrame.Watch(channel(f), id);
            case "unwatch" -> new ClientFrame.Unwatch(channel(f), id);
            case "patch" -> patch(f, id);
            case "view" -> new ClientFrame.View(text(f, "device", false), id);
            case "emit" -> new ClientFrame.Emit(data(f), id);
            case "input" -> new ClientFrame.Input(text(f, "device", true), data(f), id);
            case "ack" -> new ClientFrame.Ack(number(f, "seq"));
            case "ping" -> new ClientFrame.Ping(id);
            case "refresh" -> new ClientFrame.Refresh(text(f, "token", true), id);
            case "bye" -> new ClientFrame.Bye();
            case "pong" -> new ClientFrame.Pong();
            case "history" -> new ClientFrame.History(channel(f), required(id, "history"), since(f), limit(f),
                    flag(f, "reverse"));
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_OP, "unknown op '" + op + "'");
        };
    }

    private static String id(JsonObject f) throws ProtocolException {
        JsonValue id = f.get("id");
        if (id == null || id == JsonValue.NULL) {
            return null;
        }
        if (!(id instanceof JsonString) && !(id instanceof JsonNumber)) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "id must be a string or a number");
        }
        return id.toString();
    }

    private static String required(String id, String op) throws ProtocolException {
        if (id == null) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, op + " needs an id");
        }
        return id;
    }

    private static Long optionalNumber(JsonObject f, String field) throws ProtocolException {
        JsonValue v = f.get(field);
        return v == null || v == JsonValue.NULL ? null : number(f, field);
    }

    /** A history page's size; its range (1..1000) is the hub's to check, as over HTTP. */
    private static Integer limit(JsonObject f) throws ProtocolException {
        Long limit = optionalNumber(f, "limit");
        return limit == null ? null : (int) Math.min(limit, Integer.MAX_VALUE);
    }

    private static ClientFrame.Yield yieldFrame(JsonObject f) throws ProtocolException {
        String invoke = text(f, "id", true);
        JsonValue error = f.get("error");
        if (error != null && error != JsonValue.NULL) {
            if (!(error instanceof JsonObject e) || !(e.get("message") instanceof JsonString)) {
                throw new ProtocolException(ErrorCode.BAD_FRAME, "a yield's error is {\"message\":\"...\",\"code\"?}");
            }
            return new ClientFrame.Yield(invoke, null, e);
        }
        return new ClientFrame.Yield(invoke, data(f), null);
    }

    private static ClientFrame.Patch patch(JsonObject f, String id) throws ProtocolException {
        JsonValue merge = f.get("merge");
        JsonValue ops = f.get("ops");
        boolean hasMerge = merge != null && merge != JsonValue.NULL;
        boolean hasOps = ops != null && ops != JsonValue.NULL;
        if (hasMerge == hasOps) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "a patch has either 'merge' or 'ops'");
        }
        if (hasOps && !(ops instanceof jakarta.json.JsonArray)) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "'ops' is an array of RFC 6902 operations");
        }
        return new ClientFrame.Patch(channel(f), hasMerge ? merge : null, hasOps ? ops.asJsonArray() : null,
                optionalNumber(f, "base"), id);
    }

    private static String channel(JsonObject f) throws ProtocolException {
        return text(f, "ch", true);
    }

    private static String text(JsonObject f, String field, boolean required) throws ProtocolException {
        JsonValue v = f.get(field);
        if (v == null || v == JsonValue.NULL) {
            if (required) {
                throw new ProtocolException(ErrorCode.BAD_FRAME, "missing '" + field + "'");
            }
            return null;
        }
        if (!(v instanceof JsonString s)) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "'" + field + "' must be a string");
        }
        return s.getString();
    }

    private static boolean flag(JsonObject f, String field) throws ProtocolException {
        JsonValue v = f.get(field);
        if (v == null || v == JsonValue.NULL || v == JsonValue.FALSE) {
            return false;
        }
        if (v == JsonValue.TRUE) {
            return true;
        }
        throw new ProtocolException(ErrorCode.BAD_FRAME, "'" + field + "' must be true or false");
    }

    private static long number(JsonObject f, String field) throws ProtocolException {
        JsonValue v = f.get(field);
        try {
            if (v instanceof JsonNumber n && n.isIntegral() && n.longValueExact() >= 0) {
                return n.longValueExact();
            }
        } catch (ArithmeticException tooBig) {
            // falls through to the error: a seq or offset beyond a long is no seq of ours
        }
        throw new ProtocolException(ErrorCode.BAD_FRAME, "'" + field + "' must be a non-negative integer");
    }

    private static JsonValue data(JsonObject f) {
        JsonValue v = f.get("data");
        return v == null ? JsonValue.NULL : v;
    }

    private static Long resumeSeq(JsonObject f) throws ProtocolException {
        JsonValue v = f.get("resume");
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (!(v instanceof JsonObject resume)) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "'resume' must be an object {\"seq\":N}");
        }
        return number(resume, "seq");
    }

    private static Since since(JsonObject f) throws ProtocolException {
        JsonValue v = f.get("since");
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (v instanceof JsonNumber) {
            return new Since(number(f, "since"), null);
        }
        if (v instanceof JsonObject s) {
            return new Since(number(s, "off"), text(s, "epoch", false));
        }
        throw new ProtocolException(ErrorCode.BAD_FRAME, "'since' must be an offset or {\"off\":N,\"epoch\":E}");
    }
}
