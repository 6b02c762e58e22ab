package io.switchboard.http;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import jakarta.json.JsonException;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;

/** Request bodies that must be one JSON value; anything else is {@code bad_json}. */
final class JsonBodies {
    private static final JsonProvider JSON = JsonProvider.provider();

    private JsonBodies() {
    }

    /** The body's JSON value as compact JSON text; {@code too_large} over {@code limit} bytes. */
    static String parse(byte[] body, int limit) throws ProtocolException {
        if (body.length > limit) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "body is over " + limit + " bytes");
        }
        return parse(new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The text's JSON value as compact JSON text. */
    static String parse(String text) throws ProtocolException {
        try (JsonParser parser = JSON.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw new ProtocolException(ErrorCode.BAD_JSON, "the body is empty");
            }
            parser.next();
            String value = parser.getValue().toString();
            if (parser.hasNext()) {
                throw new ProtocolException(ErrorCode.BAD_JSON, "the body has text after its JSON value");
            }
            return value;
        } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "the body is not valid JSON");
        }
    }
}
