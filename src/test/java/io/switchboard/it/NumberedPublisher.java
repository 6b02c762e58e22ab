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
    /** Lowered by {@link #stop} to what was sent: a publisher started without an end can be told to stop. */
    private volatile int count;
    private final int perSecond;
    private final int window;
    /** How many a subscriber has received, and how far the publisher may run ahead of it. */
    private final java.util.function.IntSupplier received;
    private final int lead;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final java.util.Map<Integer, Long> offsets = new java.util.concurrent.ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private long start;

    private NumberedPublisher(HubClient pub, String channel, int count, int perSecond, int window,
                              java.util.function.IntSupplier received, int lead) {
        this.pub = pub;
        this.channel = channel;
        this.count = count;
        this.perSecond = perSecond;
        this.window = window;
        this.received = received;
        this.lead = lead;
    }

    /** Starts publishing; the future fails if any publish failed. */
    public static NumberedPublisher start(HubClient pub, String channel, int count, int perSecond, int window) {
        return start(pub, channel, count, perSecond, window, () -> 0, Integer.MAX_VALUE);
    }

    /**
     * Starts publishing, never more than {@code lead} messages ahead of what {@code received} says a
     * subscriber has: what waits for that subscriber stays bounded however slowly its machine lets it
     * read, so a test of loss does not turn into a test of the machine's speed.
     */
    public static NumberedPublisher start(HubClient pub, String channel, int count, int perSecond, int window,
                                          java.util.function.IntSupplier received, int lead) {
        NumberedPublisher p = new NumberedPublisher(pub, channel, count, perSecond, window, received, lead);
        p.start = System.nanoTime();
        p.timer.scheduleAtFixedRate(p::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
        return p;
    }

    /** Publishes at the rate and waits (up to {@code timeoutS}) until every publish was answered. */
    public static void publish(HubClient pub, String channel, int count, int perSecond, int window, long timeoutS)
            throws Exception {
        start(pub, channel, count, perSecond, window).done().get(timeoutS, TimeUnit.SECONDS);
    }

    /** The same, at most {@code lead} messages ahead of what {@code received} counts. */
    public static void publish(HubClient pub, String channel, int count, int perSecond, int window, long timeoutS,
                               java.util.function.IntSupplier received, int lead) throws Exception {
        start(pub, channel, count, perSecond, window, received, lead).done().get(timeoutS, TimeUnit.SECONDS);
    }

    public CompletableFuture<Void> done() {
        return done;
    }

    /**
     * Stops sending; {@link #done} completes once every publish sent was answered. Runs on the timer
     * thread, so no tick sends after it; {@code count} and {@code answered} are each written before
     * the other is read, so the last answer or this call, at least one, sees the end.
     */
    public void stop() {
        if (timer.isShutdown()) {
            return;
        }
        timer.execute(() -> {
            count = sent.get();
            if (answered.get() >= count) {
                finish();
            }
        });
    }

    /** Publishes sent so far (numbered 0 to this minus one). */
    public int sent() {
        return sent.get();
    }

    /** The hub offset of message {@code n}, or -1 if its publish was not answered (yet). */
    public long offsetOf(int n) {
        return offsets.getOrDefault(n, -1L);
    }

    /** Publishes the hub has answered so far. */
    public int answered() {
        return answered.get();
    }

    private void tick() {
        long elapsed = System.nanoTime() - start;
        int due = (int) Math.min(count, elapsed * perSecond / 1_000_000_000L + 1);
        while (sent.get() < due && sent.get() - answered.get() < window && sent.get() - received.getAsInt() < lead) {
            int n = sent.getAndIncrement();
            pub.publish(channel, Json.createObjectBuilder().add("n", n).build()).whenComplete((off, error) -> {
                if (error != null) {
                    failed.incrementAndGet();
                } else {
                    offsets.put(n, off);
                }
                if (answered.incrementAndGet() == count) {
                    finish();
                }
            });
        }
    }

    private void finish() {
        timer.shutdown();
        if (failed.get() > 0) {
            done.completeExceptionally(new AssertionError(failed.get() + " publishes on " + channel + " failed"));
        } else {
            done.complete(null);
        }
    }
}
