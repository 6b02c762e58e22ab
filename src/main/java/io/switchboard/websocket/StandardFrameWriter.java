package io.switchboard.websocket;

import jakarta.websocket.RemoteEndpoint;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The portable writer: the standard async API, one send at a time. A send whose completion
 * arrives while {@code sendText} is still on the stack is followed by the next in a loop, not
 * by recursion (Tyrus completes as soon as Grizzly has queued the bytes).
 */
final class StandardFrameWriter implements FrameWriter {
    private final RemoteEndpoint.Async remote;

    StandardFrameWriter(RemoteEndpoint.Async remote) {
        this.remote = remote;
    }

    @Override
    public CompletableFuture<Void> write(List<String> frames, boolean joined) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        List<String> messages = joined ? List.of(String.join("\n", frames)) : frames;
        sendFrom(messages, 0, done);
        return done;
    }

    private void sendFrom(List<String> messages, int start, CompletableFuture<Void> done) {
        for (int i = start; i < messages.size(); i++) {
            AtomicInteger steps = new AtomicInteger();
            int next = i + 1;
            try {
                remote.sendText(messages.get(i), result -> {
                    if (!result.isOK()) {
                        done.completeExceptionally(result.getException());
                    } else if (steps.incrementAndGet() == 2) {
                        sendFrom(messages, next, done);
                    }
                });
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                return;
            }
            if (steps.incrementAndGet() != 2) {
                return;
            }
        }
        done.complete(null);
    }
}
