package io.switchboard.hub;

/** What a transport knows of a connection before its first frame. */
public record Handshake(String transport, String userAgent, String remoteAddress) {
}
