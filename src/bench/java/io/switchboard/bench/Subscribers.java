package io.switchboard.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Opens many {@link PeerSubscriber}s over a few shared JDK {@link HttpClient}s, at most
 * {@code concurrency} of them between "connect" and "subscribed" at a time, and closes them again.
 * Listener calls run on each client's selector thread ({@code executor(Runnable::run)}): a thread
 * pool costs the generator CPU per frame, and 10,000 sockets need no more than a few threads.
 */
final class Subscribers {

    /** How opening went: {@code elapsedNs} from the first connect to the last subscription. */
    record Opened(List<PeerSubscriber> subscribers, int failed, String firstFailure, long elapsedNs) {
    }

    private final Peer peer;
    private final String base;
    private final HttpClient[] clients;
    private final int concurrency;

    Subscribers(Peer peer, String base, int clients, int concurrency) {
        this.peer = peer;
        this.base = base;
        this.concurrency = concurrency;
        this.clients = new HttpClient[clients];
        for (int k = 0; k < clients; k++) {
            this.clients[k] = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
                    .executor(Runnable::run).build();
        }
    }

    /**
     * Opens {@code n} subscribers, the i-th to channel {@code keys.apply(i)} with receiver
     * {@code receivers.apply(i)} (may be null), waiting up to {@code timeoutS} in all.
     */
    Opened open(int n, IntFunction<String> keys, IntFunction<PeerSubscriber.Receiver> receivers, long timeoutS)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        Semaphore handshakes = new Semaphore(concurrency);
        AtomicInteger failed = new AtomicInteger();
        StringBuilder firstFailure = new StringBuilder();
        List<PeerSubscriber> all = new ArrayList<>(n);
        List<CompletableFuture<?>> done = new ArrayList<>(n);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (!handshakes.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                failed.addAndGet(n - i);
                break;
            }
            String key = keys.apply(i);
            PeerSubscriber s = new PeerSubscriber(peer, key, receivers.apply(i));
            all.add(s);
            clients[i % clients.length].newWebSocketBuilder().connectTimeout(Duration.ofSeconds(15))
                    .buildAsync(peer.subscriberUri(base, key), s)
                    .whenComplete((ws, e) -> {
                        if (e != null) {
                            s.subscribed.completeExceptionally(e);
                        }
                    });
            done.add(s.subscribed.orTimeout(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                    .whenComplete((ok, e) -> {
                        handshakes.release();
                        if (e != null && failed.getAndIncrement() == 0) {
                            synchronized (firstFailure) {
                                firstFailure.append(e);
                            }
                        }
                    }));
        }
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
                    .get(Math.max(1, deadline - System.nanoTime() + TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            // counted per subscriber above
        }
        long elapsed = System.nanoTime() - start;
        synchronized (firstFailure) {
            return new Opened(all, failed.get(), firstFailure.toString(), elapsed);
        }
    }

    /** Closes every subscriber with a normal close, then aborts those not closed within 15 s. */
    static void closeAll(List<PeerSubscriber> subscribers) throws InterruptedException {
        List<CompletableFuture<Void>> closed = new ArrayList<>(subscribers.size());
        for (PeerSubscriber s : subscribers) {
            s.close();
            closed.add(s.closed);
        }
        try {
            CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            // aborted below
        }
        subscribers.forEach(PeerSubscriber::abort);
    }
}
