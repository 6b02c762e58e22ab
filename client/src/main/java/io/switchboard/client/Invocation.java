package io.switchboard.client;

import jakarta.json.JsonValue;

/** A call as its callee gets it: the concrete channel called and the caller's data. */
public record Invocation(String channel, JsonValue data) {
}
