package io.switchboard.protocol;

import jakarta.json.JsonValue;

/**
 * A frame from a client. {@code id} fields hold the JSON text of the client's id (a string or a
 * number) so that it is echoed back exactly as sent.
 */
public sealed interface ClientFrame {

    /** The JSON text of the frame's id, or null. */
    default String id() {
        return null;
    }

    record Hello(String client, String name, String kind, String token, Long resumeSeq, boolean batch)
            implements ClientFrame {
    }

    record Sub(String ch, String id, Since since) implements ClientFrame {
    }

    record Unsub(String ch, String id) implements ClientFrame {
    }

    record Pub(String ch, JsonValue data, String id, boolean retain) implements ClientFrame {
    }

    /** {@code timeout} in ms; null means the protocol's default. */
    record Call(String ch, JsonValue data, String id, Long timeout) implements ClientFrame {
    }

    record Register(String ch, String id) implements ClientFrame {
    }

    record Unregister(String ch, String id) implements ClientFrame {
    }

    /** The answer to an invoke: {@code error} ({@code {"message","code"?}}) or else {@code data}. */
    record Yield(String invoke, JsonValue data, jakarta.json.JsonObject error) implements ClientFrame {
    }

    record Watch(String ch, String id) implements ClientFrame {
    }

    record Unwatch(String ch, String id) implements ClientFrame {
    }

    /** Exactly one of {@code merge} (RFC 7386) and {@code ops} (RFC 6902) is set. */
    record Patch(String ch, JsonValue merge, jakarta.json.JsonArray ops, Long base, String id) implements ClientFrame {
    }

    /** {@code device} null stops viewing. */
    record View(String device, String id) implements ClientFrame {
    }

    record Emit(JsonValue data, String id) implements ClientFrame {
    }

    record Input(String device, JsonValue data, String id) implements ClientFrame {
    }

    record Ack(long seq) implements ClientFrame {
    }

    record Ping(String id) implements ClientFrame {
    }

    record Bye() implements ClientFrame {
    }

    /** The answer to a server's ping frame, on transports without a ping of their own (TCP): traffic, nothing more. */
    record Pong() implements ClientFrame {
    }

}
