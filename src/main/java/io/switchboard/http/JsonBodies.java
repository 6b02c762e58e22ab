package io.switchboard.http;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import jakarta.json.spi.JsonProvider;

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
        return io.switchboard.protocol.JsonValues.compact(JSON, text);
    }
}
