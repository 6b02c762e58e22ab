package io.switchboard.it;

import io.switchboard.client.HubClient;
import jakarta.json.Json;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes {@code {"n":0..count-1}} on a channel at a steady rate, with at most {@code window}
 * publishes unanswered: a timer tick every 10 ms sends what is due by then (no thread sleeps or
 * spins between messages). The future completes once the hub has answered every publish.
 */
public final class NumberedPublisher {
    private static final long TICK_MS = 10;

    private final HubClient pub;
    private final String channel;
    private final int count;
    private final int perSecond;
    private final int window;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private long start;

    private NumberedPublisher(HubClient pub, String channel, int count, int perSecond, int window) {
        this.pub = pub;
        this.channel = channel;
        this.count = count;
        this.perSecond = perSecond;
        this.window = window;
    }

    /** Starts publishing; the future fails if any publish failed. */
    public static NumberedPublisher start(HubClient pub, String channel, int count, int perSecond, int window) {
        NumberedPublisher p = new NumberedPublisher(pub, channel, count, perSecond, window);
        p.start = System.nanoTime();
        p.timer.scheduleAtFixedRate(p::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
        return p;
    }

    /** Publishes at the rate and waits (up to {@code timeoutS}) until every publish was answered. */
    public static void publish(HubClient pub, String channel, int count, int perSecond, int window, long timeoutS)
            throws Exception {
        start(pub, channel, count, perSecond, window).done().get(timeoutS, TimeUnit.SECONDS);
    }

    public CompletableFuture<Void> done() {
        return done;
    }

    /** Publishes the hub has answered so far. */
    public int answered() {
        return answered.get();
    }

    private void tick() {
        long elapsed = System.nanoTime() - start;
        int due = (int) Math.min(count, elapsed * perSecond / 1_000_000_000L + 1);
        while (sent.get() < due && sent.get() - answered.get() < window) {
            int n = sent.getAndIncrement();
            pub.publish(channel, Json.createObjectBuilder().add("n", n).build()).whenComplete((off, error) -> {
                if (error != null) {
                    failed.incrementAndGet();
                }
                if (answered.incrementAndGet() == count) {
                    timer.shutdown();
                    if (failed.get() > 0) {
                        done.completeExceptionally(new AssertionError(failed.get() + " publishes on " + channel + " failed"));
                    } else {
                        done.complete(null);
                    }
                }
            });
        }
    }
}
