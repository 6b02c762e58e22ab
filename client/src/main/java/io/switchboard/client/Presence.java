package io.switchboard.client;

/**
 * A device's presence as its viewers get it: {@code event} is {@code connected}, {@code disconnected},
 * {@code viewing} or {@code left}; {@code client} is the session the event is about; {@code viewers} a count.
 */
public record Presence(String event, String device, String client, int viewers) {
}
