package io.switchboard.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one load run shares across its scenario and connections: the options, the hub's addresses,
 * the HTTP clients, the deadline every wait is bounded by, and the run-wide error counts.
 */
final class LoadRun implements AutoCloseable {
    final LoadOptions o;
    final URI uri;
    /** The publisher's hub: another node of a cluster with --publish-port, else {@link #uri}. */
    final URI publishUri;
    final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final HttpClient[] clients;
    private final ExecutorService[] pools;
    private final long deadlineNs;

    /** Gap frames, and the seqs they cover, whatever connection got them. */
    final AtomicLong gapSeqs = new AtomicLong();
    final AtomicLong gapFrames = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong unexpectedCloses = new AtomicLong();
    final AtomicLong foreign = new AtomicLong();
    private final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
    private final AtomicInteger errorSampleCount = new AtomicInteger();
    /** Set once the run closes its sockets: what fails after it is not an error. */
    volatile boolean closing;

    LoadRun(LoadOptions o) throws IOException {
        long startNs = System.nanoTime();
        this.o = o;
        InetAddress address = InetAddress.getByName(o.host);
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("refusing " + o.host + ": the load generator only targets loopback");
        }
        String host = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress();
        this.uri = URI.create("ws://" + host + ":" + o.port + o.path);
        this.publishUri = o.publishPort > 0 ? URI.create("ws://" + host + ":" + o.publishPort + o.path) : uri;
        this.deadlineNs = startNs + TimeUnit.SECONDS.toNanos(o.timeoutS);
        this.clients = new HttpClient[o.clients];
        this.pools = new ExecutorService[o.clients];
        for (int k = 0; k < o.clients; k++) {
            clients[k] = newClient(k);
        }
    }

    private HttpClient newClient(int k) {
        AtomicInteger threadNo = new AtomicInteger();
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15));
        if (o.threads > 0) {
            pools[k] = Executors.newFixedThreadPool(o.threads, r -> {
                Thread t = new Thread(r, "lg-http" + k + "-" + threadNo.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            builder.executor(pools[k]);
        } else {
            // Direct: listener calls run on the client's selector thread, with no hand-off per frame.
            builder.executor(Runnable::run);
        }
        return builder.build();
    }

    /** The shared client that connection number {@code i} opens on. */
    HttpClient client(int i) {
        return clients[i % clients.length];
    }

    void error(String what) {
        errors.incrementAndGet();
        if (errorSampleCount.incrementAndGet() <= 10) {
            errorSamples.add(what);
        }
    }

    long remainingNs() {
        return Math.max(0, deadlineNs - System.nanoTime());
    }

    boolean pastDeadline(long nowNs) {
        return nowNs > deadlineNs;
    }

    /** The first errors, then how many more. */
    void printErrors() {
        for (String e : errorSamples) {
            System.out.println("error             " + e);
        }
        if (errors.get() > errorSamples.size()) {
            System.out.println("error             ... " + (errors.get() - errorSamples.size()) + " more");
        }
    }

    @Override
    public void close() {
        for (ExecutorService p : pools) {
            if (p != null) {
                p.shutdownNow();
            }
        }
    }
}
