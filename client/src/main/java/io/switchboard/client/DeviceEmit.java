package io.switchboard.client;

import jakarta.json.JsonValue;

/** What the viewed device emitted ({@code emit} frame to a viewer). */
public record DeviceEmit(String device, JsonValue data) {
}
