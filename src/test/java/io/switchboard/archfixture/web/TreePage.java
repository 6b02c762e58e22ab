package io.switchboard.archfixture.web;

import io.switchboard.archfixture.sse.SseStream;
import io.switchboard.archfixture.websocket.TreeSockets;

/** Keeps the transport rule through its one exception: web uses the SSE writer and the tree bridge. */
public class TreePage {
    SseStream[] streams;
    TreeSockets.Bridge bridge;
}
