package io.switchboard.protocol;

import jakarta.json.JsonException;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;

/** Text that must be exactly one JSON value (any value, not only objects), made compact. */
public final class JsonValues {
    private JsonValues() {
    }

    /** The value as compact JSON text; {@code bad_json} if the text is empty, not JSON, or has more after the value. */
    public static String compact(JsonProvider json, String text) throws ProtocolException {
        try (JsonParser parser = json.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw new ProtocolException(ErrorCode.BAD_JSON, "the text is empty");
            }
            parser.next();
            String value = parser.getValue().toString();
            if (parser.hasNext()) {
                throw new ProtocolException(ErrorCode.BAD_JSON, "the text goes on after its JSON value");
            }
            return value;
        } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "the text is not valid JSON");
        }
    }
}
