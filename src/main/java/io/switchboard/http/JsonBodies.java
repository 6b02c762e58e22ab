package io.switchboard.http;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.JsonInput;
import io.switchboard.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Request bodies that must be one JSON value; anything else is {@code bad_json}. Also read by polling's resource. */
public final class JsonBodies {
    private JsonBodies() {
    }

    /** The body's JSON value as compact JSON text; {@code too_large} over {@code limit} bytes. */
    static String parse(JsonInput input, byte[] body, int limit) throws ProtocolException {
        if (body.length > limit) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "body is over " + limit + " bytes");
        }
        return input.compact(utf8(body));
    }

    /**
     * The body as text, refusing bytes that are not UTF-8: a lenient decode would turn them into
     * U+FFFD and publish something the client never sent.
     */
    public static String utf8(byte[] body) throws ProtocolException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "the body is not UTF-8");
        }
    }
}
