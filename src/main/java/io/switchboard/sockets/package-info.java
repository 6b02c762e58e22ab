/**
 * The socket abstraction: what one socket path does ({@link io.switchboard.sockets.SocketEndpoint}),
 * told apart from how the socket is carried (a direct WebSocket, or a topic of {@code /mux}), and the
 * routes from a path to the endpoint that serves it.
 */
package io.switchboard.sockets;
