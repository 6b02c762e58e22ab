package io.switchboard.devices;

import java.time.Instant;

/** A device as {@code GET /api/devices} lists it; {@code since} is when it last connected or left. */
public record DeviceInfo(String name, String client, boolean connected, Instant since, int viewers) {
}
