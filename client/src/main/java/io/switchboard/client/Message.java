package io.switchboard.client;

import jakarta.json.JsonValue;

/** A message as a subscriber gets it. */
public record Message(String channel, JsonValue data, long off, String from, long seq) {
}
