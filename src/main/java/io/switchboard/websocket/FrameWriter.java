package io.switchboard.websocket;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Writes text frames to one WebSocket connection. At most one write is in flight per connection
 * (the caller waits for the returned future); {@code joined} puts all frames in one message,
 * separated by newlines (hello's batch), else each frame is its own message.
 */
interface FrameWriter {

    CompletableFuture<Void> write(List<String> frames, boolean joined);
}
