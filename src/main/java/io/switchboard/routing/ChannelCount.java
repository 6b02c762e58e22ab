package io.switchboard.routing;

/**
 * A live channel as the Server API lists it ({@code GET /api/channels}): its name and how many
 * subscribers (sessions, SSE streams, {@code /data} sockets) get its messages on this node.
 * {@code pattern} marks a wildcard subscription listed as itself.
 */
public record ChannelCount(String ch, int subscribers, boolean pattern) {
}
