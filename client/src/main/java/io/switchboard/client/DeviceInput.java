package io.switchboard.client;

import jakarta.json.JsonValue;

/** What a browser sent this device ({@code input} frame): {@code from} is the browser's name, else its client id. */
public record DeviceInput(String from, JsonValue data) {
}
