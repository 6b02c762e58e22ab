package io.switchboard.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * One publisher to many subscribers of one channel, with a fixed number of messages in flight: the
 * publisher may send message k only while fewer than {@code window} earlier messages have not yet
 * reached every subscriber, and only once the server has answered the POST of message k-1 (so the
 * messages stay in order). So the load is a closed loop the same for both servers: each waits for
 * its own deliveries, never for a rate chosen for it. Before the first counted message one probe
 * (repeated every 2 s) must reach every subscriber, so no subscription still being set up can lose
 * message 0.
 *
 * <p>Figures: deliveries per second and the server's CPU over the same window (first send to the
 * moment the last message has reached everyone), latency from the publisher's stamp to the
 * subscriber's receipt (one JVM, one clock), and per subscriber the messages lost (skipped: never
 * received, or a later one came first) and duplicated (received again, or after a later one).
 */
final class FanoutRun {

    /** Slots of the per-message delivery count; only {@code window} are live, so any size above it works. */
    private static final int RING = 1024;

    record Result(int subscribers, int window, int size, double connectS, long sent, long delivered, double seconds,
                  LatencyHistogram latency, double serverCpuS, double generatorCpuS, long lost, long duplicates,
                  long publishFailures, String failureCodes, String status) {

        double deliveriesPerS() {
            return seconds <= 0 ? 0 : delivered / seconds;
        }

        double serverCpuPct() {
            return seconds <= 0 ? 0 : 100 * serverCpuS / seconds;
        }

        double deliveriesPerCpuS() {
            return serverCpuS <= 0 ? 0 : delivered / serverCpuS;
        }

        String resultLine(Peer peer) {
            return String.format(Locale.ROOT, "RESULT peer=%s scenario=fanout subscribers=%d window=%d size=%d "
                    + "connect_s=%.2f sent=%d delivered=%d seconds=%.2f deliveries_per_s=%.0f p50_ms=%.2f p99_ms=%.2f "
                    + "p999_ms=%.2f max_ms=%.2f srv_cpu_pct=%.1f deliveries_per_cpu_s=%.0f gen_cpu_pct=%.1f lost=%d "
                    + "duplicates=%d publish_failures=%d failure_codes=%s status=%s",
                    peer.name().toLowerCase(Locale.ROOT), subscribers, window, size, connectS, sent, delivered, seconds,
                    deliveriesPerS(), ms(latency.percentile(50)), ms(latency.percentile(99)),
                    ms(latency.percentile(99.9)), ms(latency.max()), serverCpuPct(), deliveriesPerCpuS(),
                    seconds <= 0 ? 0 : 100 * generatorCpuS / seconds, lost, duplicates, publishFailures, failureCodes,
                    status);
        }

        private static double ms(long ns) {
            return ns / 1e6;
        }
    }

    /** One subscriber's count; touched only on its socket's listener thread until the run is over. */
    private final class Tally implements PeerSubscriber.Receiver {
        final LatencyHistogram latency = new LatencyHistogram();
        long next;
        long count;
        long lost;
        long duplicates;
        boolean primed;

        @Override
        public void received(StampedMessage m, long receivedNs) {
            if (m.number() < 0) {
                if (!primed) {
                    primed = true;
                    everyonePrimed.countDown();
                }
                return;
            }
            if (m.number() < next) {
                duplicates++;
                return;
            }
            lost += m.number() - next;
            next = m.number() + 1;
            count++;
            latency.record(receivedNs - m.sentNs());
            if (received.incrementAndGet(slot(m.number())) == subscribers) {
                credits.release(); // message reached everyone: the publisher may send one more
            }
        }
    }

    private final Peer peer;
    private final String base;
    private final Subscribers sockets;
    private final ServerProcess server;
    private final int subscribers;
    private final int window;
    private final int size;
    private final AtomicIntegerArray received = new AtomicIntegerArray(RING);
    private final Semaphore credits;
    private final CountDownLatch everyonePrimed;

    FanoutRun(Peer peer, String base, Subscribers sockets, ServerProcess server, int subscribers, int window, int size) {
        if (window < 1 || window >= RING) {
            throw new IllegalArgumentException("window must be 1.." + (RING - 1));
        }
        this.peer = peer;
        this.base = base;
        this.sockets = sockets;
        this.server = server;
        this.subscribers = subscribers;
        this.window = window;
        this.size = size;
        this.credits = new Semaphore(window);
        this.everyonePrimed = new CountDownLatch(subscribers);
    }

    Result run(long durationS, long stallS, long timeoutS) throws IOException, InterruptedException {
        String key = "fan-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        Tally[] tallies = new Tally[subscribers];
        Subscribers.Opened opened = sockets.open(subscribers, i -> key, i -> tallies[i] = new Tally(), timeoutS);
        double connectS = opened.elapsedNs() / 1e9;
        System.out.printf(Locale.ROOT, "fanout: %s, %d subscribers open in %.2f s, %d failed%s%n", peer.title,
                subscribers - opened.failed(), connectS, opened.failed(),
                opened.failed() == 0 ? "" : " (first: " + opened.firstFailure() + ")");
        HttpPublisher publisher = new HttpPublisher(peer.publishUri(base, key), size, Duration.ofSeconds(stallS));
        String status = opened.failed() > 0 ? "connect_failed" : prime(publisher, stallS) ? "ok" : "unprimed";
        long sent = 0;
        long start = System.nanoTime();
        long ticks0 = server.cpuTicks();
        long gen0 = generatorCpuNs();
        if (status.equals("ok")) {
            long end = start + TimeUnit.SECONDS.toNanos(durationS);
            while (System.nanoTime() < end) {
                if (!credits.tryAcquire(stallS, TimeUnit.SECONDS)) {
                    status = "stalled";
                    break;
                }
                received.set(slot(sent), 0); // its last user, message sent - RING, reached everyone long ago
                publisher.publish(sent++);
            }
            if (status.equals("ok") && !credits.tryAcquire(window, stallS, TimeUnit.SECONDS)) {
                status = "stalled"; // some message never reached every subscriber
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double serverCpuS = (server.cpuTicks() - ticks0) / (double) ServerProcess.CLK_TCK;
        double generatorCpuS = (generatorCpuNs() - gen0) / 1e9;
        Subscribers.closeAll(opened.subscribers());
        return tally(tallies, connectS, sent, seconds, serverCpuS, generatorCpuS, publisher, status);
    }

    /** Publishes the probe until every subscriber has seen one, at most {@code stallS} seconds. */
    private boolean prime(HttpPublisher publisher, long stallS) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(stallS);
        do {
            publisher.publish(StampedMessage.PROBE);
            if (everyonePrimed.await(2, TimeUnit.SECONDS)) {
                return true;
            }
        } while (System.nanoTime() < deadline);
        System.out.printf("fanout: %d of %d subscribers never saw the probe%n", everyonePrimed.getCount(), subscribers);
        return false;
    }

    private Result tally(Tally[] tallies, double connectS, long sent, double seconds, double serverCpuS,
                         double generatorCpuS, HttpPublisher publisher, String status) {
        LatencyHistogram latency = new LatencyHistogram();
        long delivered = 0;
        long lost = 0;
        long duplicates = 0;
        for (Tally t : tallies) {
            if (t == null) {
                continue;
            }
            latency.add(t.latency);
            delivered += t.count;
            lost += t.lost + (sent - t.next); // skipped, and never received at the end
            duplicates += t.duplicates;
        }
        if (status.equals("ok") && (lost > 0 || duplicates > 0)) {
            status = "lost_or_duplicated";
        }
        return new Result(subscribers, window, size, connectS, sent, delivered, seconds, latency, serverCpuS,
                generatorCpuS, lost, duplicates, publisher.failures(), publisher.failuresByStatus(), status);
    }

    private static int slot(long number) {
        return (int) (number % RING);
    }

    /** This JVM's CPU time: the generator's own, to tell when it and not the server was the limit. */
    static long generatorCpuNs() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }
}
