package io.switchboard.protocol;

import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;

/**
 * The one place client text becomes a JSON value, for every transport. Anything refused is
 * {@code bad_json}, never an exception the caller did not ask for: the hub's own limits (nesting
 * {@code maxDepth}, a number's text {@code maxNumber} characters) are checked on the raw text
 * before the parser sees it, because the parser's own limits throw plain runtime exceptions
 * (Parsson: {@code RuntimeException} past depth 1000, {@code UnsupportedOperationException} for
 * long numbers) and a number such as {@code 1e999999999} parses but makes arithmetic on it hang.
 */
public final class JsonInput {
    public static final int DEFAULT_MAX_DEPTH = 64;
    public static final int DEFAULT_MAX_NUMBER = 64;

    private final JsonProvider json;
    private final int maxDepth;
    private final int maxNumber;

    public JsonInput(JsonProvider json, int maxDepth, int maxNumber) {
        this.json = json;
        this.maxDepth = maxDepth;
        this.maxNumber = maxNumber;
    }

    public static JsonInput defaults(JsonProvider json) {
        return new JsonInput(json, DEFAULT_MAX_DEPTH, DEFAULT_MAX_NUMBER);
    }

    public JsonProvider json() {
        return json;
    }

    /** Exactly one JSON value of any type; {@code bad_json} for empty text, bad JSON, text after it, or past a limit. */
    public JsonValue value(String text) throws ProtocolException {
        new TextShape(maxDepth, maxNumber).check(text);
        try (JsonParser parser = json.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw new ProtocolException(ErrorCode.BAD_JSON, "the text is empty");
            }
            parser.next();
            JsonValue value = parser.getValue();
            if (parser.hasNext()) {
                throw new ProtocolException(ErrorCode.BAD_JSON, "the text goes on after its JSON value");
            }
            return value;
        } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "the text is not valid JSON: " + firstLine(e));
        } catch (RuntimeException parserLimit) {
            // Parsson's own limits (lower ones configured by a deployment) throw these; still bad input.
            throw new ProtocolException(ErrorCode.BAD_JSON, "the text is not acceptable JSON: " + firstLine(parserLimit));
        }
    }

    /** The value as compact JSON text. */
    public String compact(String text) throws ProtocolException {
        return value(text).toString();
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        return m.length() > 120 ? m.substring(0, 120) : m;
    }
}
