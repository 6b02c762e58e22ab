package io.switchboard.it;

import static org.awaitility.Awaitility.await;

import io.switchboard.client.HubClient;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mixed workload that runs for real time on one hub: a publisher that never stops (numbered
 * messages on a few channels) and subscribers on every transport, resumable and ephemeral, some
 * behind a proxy that cuts them at random, some that stop reading until the hub cuts them and then
 * resume. It ends in causes, not clocks: the cuts stop, every subscriber is connected again, the
 * publisher stops once the hub answered all it sent, and every subscriber has caught up with the
 * last message (or a gap covering it). Then {@link SoakReport} compares.
 *
 * <p>The hub must run with {@link #HEARTBEAT} and {@link #QUEUE} (SoakIT deploys it so).
 */
final class Soak {
    static final int HEARTBEAT = 5000;
    static final int QUEUE = 300;
    private static final Duration CEILING = Duration.ofMinutes(4);

    final URL base;
    final int tcpPort;
    final Duration length;
    final long seed;
    final int channels;
    final int perChannel;
    private final Random chaosRandom;
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final Queue<String> notes = new ConcurrentLinkedQueue<>();
    private final AtomicInteger cuts = new AtomicInteger();
    private final List<SoakSubscriber> subscribers = new ArrayList<>();
    private final List<FaultyProxy> proxies = new ArrayList<>();
    private volatile boolean ending;

    Soak(URL base, int tcpPort, Duration length, long seed, int channels, int perChannel) {
        this.base = base;
        this.tcpPort = tcpPort;
        this.length = length;
        this.seed = seed;
        this.channels = channels;
        this.perChannel = perChannel;
        this.chaosRandom = new Random(seed);
    }

    /** A URI to the hub, or through the proxy when there is one. */
    URI ws(FaultyProxy proxy, String path) {
        return proxy == null ? Deployments.ws(base, path) : URI.create("ws://127.0.0.1:" + proxy.port() + base.getPath() + path);
    }

    URI http(FaultyProxy proxy, String path) {
        return proxy == null ? Deployments.http(base, path) : URI.create("http://127.0.0.1:" + proxy.port() + base.getPath() + path);
    }

    /** True until the run's length has passed: cuts and stalls go on. */
    boolean chaos() {
        return !ending;
    }

    /** How long a hub-decided close may take to reach a client that stopped reading, queue fill included. */
    Duration closeCeiling() {
        return Duration.ofMillis(HEARTBEAT + QUEUE * 1000L / perChannel).plusSeconds(60);
    }

    void fail(String what) {
        System.out.println("Soak: FAILURE " + what);
        failures.add(what);
    }

    /** Something the report tells that is no broken promise (the pass mark is what was lost). */
    void note(String what) {
        System.out.println("Soak: NOTE " + what);
        notes.add(what);
    }

    private FaultyProxy proxyTo(int port) throws java.io.IOException {
        FaultyProxy p = new FaultyProxy(base.getHost(), port);
        proxies.add(p);
        return p;
    }

    private String channel() {
        return "/soak/c" + subscribers.size() % channels;
    }

    private void add(SoakSubscriber s) {
        subscribers.add(s);
    }

    private void subscribers() throws java.io.IOException {
        int http = base.getPort();
        add(new SoakSubscribers.WsResumable(this, "soak-ws-direct", channel(), null, seed + 1));
        add(new SoakSubscribers.WsResumable(this, "soak-ws-cut", channel(), proxyTo(http), seed + 2));
        add(new SoakSubscribers.WsStalling(this, "soak-ws-stall", channel(), seed + 3));
        add(new SoakSubscribers.WsEphemeral(this, "soak-ws-ephemeral-cut", channel(), proxyTo(http), seed + 4));
        add(new SoakSubscribers.Mux(this, "soak-mux-cut", channel(), proxyTo(http), seed + 5));
        add(new SoakSubscribers.Sse(this, "soak-sse-cut", channel(), proxyTo(http), seed + 6));
        add(new SoakSubscribers.Sse(this, "soak-sse-cut-2", channel(), proxyTo(http), seed + 7));
        add(new SoakSubscribers.Poll(this, "soak-poll-cut", channel(), proxyTo(http), seed + 8));
        add(new SoakSubscribers.Tcp(this, "soak-tcp-cut", channel(), proxyTo(tcpPort), seed + 9));
        add(new SoakSubscribers.TcpStalling(this, "soak-tcp-stall", channel(), seed + 10));
    }

    SoakReport run() throws Exception {
        System.out.printf("Soak: %s, seed %d, %d channels x %d msg/s%n", length, seed, channels, perChannel);
        subscribers();
        List<Thread> threads = new ArrayList<>();
        for (SoakSubscriber s : subscribers) {
            Thread t = new Thread(s, "soak-" + s.ledger.name);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        ScheduledExecutorService chaos = Executors.newSingleThreadScheduledExecutor();
        List<NumberedPublisher> publishers = new ArrayList<>();
        try (HubClient pub = HubClient.builder(Deployments.ws(base, "ws")).build()) {
            for (SoakSubscriber s : subscribers) {
                if (!s.ready.await(CEILING.toSeconds(), TimeUnit.SECONDS)) {
                    throw new AssertionError(s.ledger.name + " did not subscribe within " + CEILING);
                }
            }
            pub.connect().get(CEILING.toSeconds(), TimeUnit.SECONDS);
            long t0 = System.nanoTime();
            for (int c = 0; c < channels; c++) {
                publishers.add(NumberedPublisher.start(pub, "/soak/c" + c, Integer.MAX_VALUE, perChannel, 200));
            }
            for (SoakSubscriber s : subscribers) {
                if (s.proxy != null) {
                    scheduleCut(chaos, s);
                }
            }
            SoakSubscriber.pause(length.toMillis()); // the soak's length: what it is for, not a wait for something
            ending = true;
            chaos.shutdownNow();
            chaos.awaitTermination(1, TimeUnit.MINUTES);
            System.out.println("Soak: the cuts and stalls stopped; waiting for every subscriber to be connected again");
            try {
                await().atMost(CEILING).pollInterval(Duration.ofMillis(200)).until(() -> subscribers.stream().allMatch(SoakSubscriber::settled));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("not connected again within " + CEILING + ": " + subscribers.stream()
                        .filter(s -> !s.settled()).map(SoakSubscriber::state).toList(), e);
            }
            publishers.forEach(NumberedPublisher::stop);
            for (NumberedPublisher p : publishers) {
                p.done().get(CEILING.toSeconds(), TimeUnit.SECONDS);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.println("Soak: the publisher stopped; waiting for every subscriber to reach its channel's last message");
            try {
                await().atMost(CEILING).pollInterval(Duration.ofMillis(500)).until(() -> subscribers.stream()
                        .allMatch(s -> reached(s, publishers)));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                subscribers.stream().filter(s -> !reached(s, publishers))
                        .forEach(s -> fail(s.ledger.name + " did not reach the last message of " + s.ledger.channel + " within " + CEILING));
            }
            subscribers.forEach(SoakSubscriber::stop);
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            return new SoakReport(this, subscribers, publishers, seconds, cuts.get(), List.copyOf(failures), List.copyOf(notes));
        } finally {
            ending = true;
            chaos.shutdownNow();
            subscribers.forEach(SoakSubscriber::stop); // before the proxies close, so that no end reads as a failure
            for (FaultyProxy p : proxies) {
                p.close();
            }
        }
    }

    private boolean reached(SoakSubscriber s, List<NumberedPublisher> publishers) {
        NumberedPublisher p = publishers.get(Integer.parseInt(s.ledger.channel.substring("/soak/c".length())));
        return s.ledger.reached(p.sent() - 1, p::offsetOf);
    }

    /** Cuts the subscriber's proxy after a random 3-10 s, again and again until the run ends. */
    private void scheduleCut(ScheduledExecutorService chaos, SoakSubscriber s) {
        long delay;
        synchronized (chaosRandom) {
            delay = 3000 + chaosRandom.nextInt(7000);
        }
        chaos.schedule(() -> {
            if (!ending) {
                s.cut();
                cuts.incrementAndGet();
                scheduleCut(chaos, s);
            }
        }, delay, TimeUnit.MILLISECONDS);
    }
}
