package io.switchboard.cli;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import io.switchboard.client.Message;
import java.io.StringReader;
import picocli.CommandLine;

/** JSON in and out of the command line: strict parsing of arguments, and the JSON lines printed. */
public final class JsonText {
    private JsonText() {
    }

    /** Parses exactly one JSON value (surrounding whitespace allowed, nothing after it). */
    public static JsonValue parse(String text) {
        try (JsonParser p = Json.createParser(new StringReader(text))) {
            if (!p.hasNext()) {
                throw new JsonException("no JSON value");
            }
            p.next();
            JsonValue value = p.getValue();
            if (p.hasNext()) {
                throw new JsonException("more after the JSON value");
            }
            return value;
        } catch (IllegalStateException e) {
            throw new JsonException(e.getMessage(), e);
        }
    }

    /** The JSON value of {@code text}, or {@code text} as a JSON string when it is not JSON. */
    public static JsonValue parseOrString(String text) {
        try {
            return parse(text);
        } catch (JsonException e) {
            return Json.createValue(text);
        }
    }

    /** One message as a JSON line: {@code {"ch","data","off","from"}} ({@code from} null when unknown). */
    public static String line(Message m) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("ch", m.channel())
                .add("data", m.data() == null ? JsonValue.NULL : m.data()).add("off", m.off());
        if (m.from() == null) {
            b.addNull("from");
        } else {
            b.add("from", m.from());
        }
        return b.build().toString();
    }

    /** One held message as a JSON line: {@code {"ch","data","off","at"}} ({@code at} an ISO-8601 instant). */
    public static String historyLine(String channel, io.switchboard.protocol.HistoryPage.Entry e) {
        return Json.createObjectBuilder().add("ch", channel).add("data", e.value()).add("off", e.off())
                .add("at", java.time.Instant.ofEpochMilli(e.at()).toString()).build().toString();
    }

    /** A state document's snapshot ({@code ops} null) or change as a JSON line: {@code {"ch","rev","ops"?,"data"}}. */
    public static String documentLine(String channel, long rev, JsonValue ops, JsonObject data) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("ch", channel).add("rev", rev);
        if (ops != null) {
            b.add("ops", ops);
        }
        return b.add("data", data).build().toString();
    }

    /** Any JSON value in an argument; not JSON is a usage error (exit 2). */
    public static final class Converter implements CommandLine.ITypeConverter<JsonValue> {
        @Override
        public JsonValue convert(String value) {
            try {
                return parse(value);
            } catch (JsonException e) {
                throw new CommandLine.TypeConversionException("not JSON: " + value
                        + " (a JSON string needs its quotes: '\"text\"')");
            }
        }
    }
}
