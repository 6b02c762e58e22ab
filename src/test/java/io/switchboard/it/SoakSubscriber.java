package io.switchboard.it;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One soak subscriber: a thread that opens a connection of its transport, reads its channel into
 * its {@link SoakLedger} until the connection ends, and opens the next one (resuming where the
 * transport can), until {@link #stop}. Subscribers that go through a {@link FaultyProxy} of their
 * own have it cut at random by the soak; the time from a cut to the client seeing its connection
 * end is the close time.
 */
abstract class SoakSubscriber implements Runnable {
    final Soak soak;
    final SoakLedger ledger;
    final Random random;
    /** This subscriber's own proxy, or null for a direct connection. */
    final FaultyProxy proxy;
    final CountDownLatch ready = new CountDownLatch(1);
    final AtomicInteger connectFailures = new AtomicInteger();
    volatile boolean stopping;
    private volatile AutoCloseable current;
    private volatile long lastCut;
    /** When the last cut was done: an answer that came while it was under way is still its victim. */
    private volatile long lastCutDone;
    private volatile long openedAt;
    private volatile boolean established;

    SoakSubscriber(Soak soak, SoakLedger ledger, FaultyProxy proxy, long seed) {
        this.soak = soak;
        this.ledger = ledger;
        this.proxy = proxy;
        this.random = new Random(seed);
    }

    /** One connection, from opening to its end; {@code first} until the subscription was made. */
    abstract void connection(boolean first) throws Exception;

    @Override
    public final void run() {
        while (!stopping) {
            try {
                opening();
                connection(ready.getCount() > 0);
            } catch (Exception | AssertionError e) {
                if (!stopping) {
                    // A connection cut while it opened, or a read cut short: the next one resumes.
                    connectFailures.incrementAndGet();
                    System.out.printf("Soak: %s: connection ended by %s%n", ledger.name, e);
                }
            } finally {
                established = false;
                current = null;
            }
            if (!stopping) {
                pause(20 + random.nextInt(80)); // a client's reconnect backoff, not a wait for something
            }
        }
    }

    /** A connection starts to open (a transport without connections, the long poll, calls it per request). */
    void opening() {
        openedAt = System.nanoTime();
    }

    /** The connection opened (and resumed or subscribed). */
    void established(AutoCloseable c) {
        current = c;
        established = true;
    }

    /**
     * Whether no cut can still end this subscriber's connection, once the cuts have stopped: it is
     * established and began to open after its proxy's last cut, or its proxy still carries a
     * connection (one that opened while the last cut ran and so outlived it; a connection the cut
     * reset is no longer carried, so a client that has not yet seen its end is not settled).
     */
    boolean settled() {
        return established && (proxy == null || openedAt > lastCutDone || proxy.open() > 0);
    }

    /** Whether this subscriber's connections are ended on purpose (cut or stalled) during the run. */
    boolean expectsCloses() {
        return proxy != null;
    }

    void cut() {
        lastCut = System.nanoTime();
        proxy.cutAll();
        lastCutDone = System.nanoTime();
    }

    /** The connection ended, seen just now: a cut's close time, or a failure if nothing cut it. */
    void endedByCut() {
        endedByCut(System.nanoTime());
    }

    /** The connection ended just now, for the reason given (a close code, say). */
    void endedByCut(String why) {
        endedByCut(System.nanoTime(), why);
    }

    void endedByCut(long endedAt) {
        endedByCut(endedAt, "");
    }

    /** The connection ended at {@code endedAt} (nanoTime, as the client's listener saw it). */
    void endedByCut(long endedAt, String why) {
        if (stopping) {
            return;
        }
        if (endedAt == 0) {
            endedAt = System.nanoTime(); // the listener has not heard of the end yet
        }
        if (proxy == null || lastCutDone < openedAt) {
            // Not a broken promise in itself: on a starved machine the hub's own rules (a missed
            // heartbeat, a slow consumer) may end a connection. What it costs is checked by the
            // ledger (every message or a gap), which is the pass mark; the report lists these.
            soak.note(ledger.name + ": a connection ended though nothing cut it" + (why.isEmpty() ? "" : " (" + why + ")"));
        } else {
            ledger.closeTook(TimeUnit.NANOSECONDS.toMillis(endedAt - lastCut));
        }
    }

    /** What the end of the run waits for, for the report of a run that never settled. */
    String state() {
        return ledger.name + (established ? " established" : " not established")
                + (proxy != null && openedAt <= lastCutDone ? ", opened before the last cut" : "")
                + (proxy != null ? ", " + proxy.open() + " sockets through its proxy" : "");
    }

    void stop() {
        stopping = true;
        AutoCloseable c = current;
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                System.out.printf("Soak: %s: closing at the end: %s%n", ledger.name, e);
            }
        }
    }

    /** Takes a {@code msg} or session {@code gap} frame into the ledger; other frames are not counted. */
    void take(JsonObject f, boolean withSeq) {
        switch (f.getString("op")) {
            case "msg" -> ledger.message(f.getJsonObject("data").getInt("n"), withSeq ? f.getJsonNumber("seq").longValue() : 0);
            case "gap" -> {
                if (!withSeq) {
                    soak.fail(ledger.name + ": a gap on a session that never resumed: " + f);
                }
                ledger.seqGap(f.getJsonNumber("from").longValue(), f.getJsonNumber("to").longValue());
            }
            case "error" -> soak.fail(ledger.name + ": " + f);
            default -> { }
        }
    }

    void checkResumed(JsonObject welcome) {
        if (!welcome.getBoolean("resumed")) {
            soak.fail(ledger.name + ": a resume within sessionTtl was not resumed: " + welcome);
        }
    }

    String hello(boolean first) {
        return first ? "{\"op\":\"hello\",\"client\":\"" + ledger.name + "\"}"
                : "{\"op\":\"hello\",\"client\":\"" + ledger.name + "\",\"resume\":{\"seq\":" + ledger.lastSeq() + "}}";
    }

    String sub() {
        return "{\"op\":\"sub\",\"ch\":\"" + ledger.channel + "\",\"id\":\"s\"}";
    }

    String ack() {
        return "{\"op\":\"ack\",\"seq\":" + ledger.lastSeq() + "}";
    }

    static void pause(long ms) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    static void quietly(AutoCloseable c) {
        try {
            c.close();
        } catch (IOException e) {
            // already gone
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
