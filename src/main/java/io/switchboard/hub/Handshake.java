package io.switchboard.hub;

/**
 * What a transport knows of a connection before its first frame. {@code accessToken} is the
 * {@code access_token} query parameter, for clients that cannot put a token in {@code hello}.
 */
public record Handshake(String transport, String userAgent, String remoteAddress, String accessToken) {

    public Handshake(String transport, String userAgent, String remoteAddress) {
        this(transport, userAgent, remoteAddress, null);
    }
}
