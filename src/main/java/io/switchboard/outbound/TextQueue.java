package io.switchboard.outbound;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The backlog of a socket that is not a hub session (a chat or tree socket, a {@code /mux}
 * carrier): texts in the order offered, each with a stage completed once its write is done.
 * Bounded by count and by characters: an offer past either bound is refused and reported as
 * {@link #offer}'s {@code false}, for the owner to close the socket as a slow consumer.
 */
public final class TextQueue implements Backlog {
    private record Pending(String text, CompletableFuture<Void> sent) {
    }

    private final int maxTexts;
    private final long maxChars;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger texts = new AtomicInteger();
    private final AtomicLong chars = new AtomicLong();
    /** The batch being written; touched only by the pump's thread. */
    private final List<Pending> inFlight = new ArrayList<>();

    public TextQueue(int maxTexts, long maxChars) {
        this.maxTexts = maxTexts;
        this.maxChars = maxChars;
    }

    /** Queues {@code text}, or refuses it (stage failed, {@code null} returned) when a bound is passed. */
    public CompletionStage<Void> offer(String text) {
        int n = texts.incrementAndGet();
        long c = chars.addAndGet(text.length());
        if (n > maxTexts || c > maxChars) {
            texts.decrementAndGet();
            chars.addAndGet(-text.length());
            return null;
        }
        Pending p = new Pending(text, new CompletableFuture<>());
        queue.add(p);
        return p.sent();
    }

    @Override
    public int drainTo(List<String> out, int maxChars) {
        inFlight.clear();
        int taken = 0;
        for (Pending p; (p = queue.peek()) != null && (inFlight.isEmpty() || taken + p.text().length() <= maxChars); ) {
            queue.poll();
            inFlight.add(p);
            out.add(p.text());
            taken += p.text().length();
        }
        texts.addAndGet(-inFlight.size());
        chars.addAndGet(-taken);
        return inFlight.size();
    }

    @Override
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    @Override
    public boolean joined() {
        return false;
    }

    @Override
    public void written(Throwable failure) {
        for (Pending p : inFlight) {
            if (failure == null) {
                p.sent().complete(null);
            } else {
                p.sent().completeExceptionally(failure);
            }
        }
        inFlight.clear();
    }

    /** The socket is gone: what is still queued will never be written. */
    public void discard() {
        for (Pending p; (p = queue.poll()) != null; ) {
            p.sent().completeExceptionally(new IOException("socket closed"));
        }
    }
}
