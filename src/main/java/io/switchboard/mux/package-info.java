/** {@code /mux}: SockJS websocket-multiplex frames over one socket, each topic a socket of this server. */
package io.switchboard.mux;
