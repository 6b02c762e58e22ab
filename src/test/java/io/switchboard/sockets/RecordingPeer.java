package io.switchboard.sockets;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A peer that keeps what it was sent and how it was closed; each send completes at once. */
public final class RecordingPeer implements Peer {
    public final List<String> sent = new CopyOnWriteArrayList<>();
    public volatile int closedWith;

    @Override
    public CompletionStage<Void> send(String text) {
        sent.add(text);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close(int code, String reason) {
        closedWith = code;
    }

    @Override
    public void ping() {
    }
}
