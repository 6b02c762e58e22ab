package io.switchboard.app;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * Payara Micro's own SIGTERM handling tears the application down while its sockets are still
 * open, so clients see EOF or 1006, not 1012. A JVM shutdown hook alone races with Payara's (all
 * hooks start at once, and Payara's closes the HTTP listener while our closes are still queued:
 * a {@code /mux} carrier's 1012 was seen lost that way). So this bean takes SIGTERM itself for the
 * application's life: the signal's handler tells every peer 1012, waits for the closes (bounded
 * by the grace), and only then exits, which starts Payara's hooks. The shutdown hook stays for
 * exits that come another way (System.exit, SIGINT); both are removed again on a normal undeploy. Each transport registers, at start-up,
 * how it tells its peers 1012 and how to count what is still open ({@link #onStop}); the hook runs
 * those plain callbacks (no CDI lookup: the container's contexts may already be going down in
 * Payara's hook, which runs at the same time), then waits until everything has closed or
 * {@code switchboard.shutdownGrace} ms have passed.
 */
@ApplicationScoped
public class ShutdownHook {
    private static final System.Logger LOG = System.getLogger(ShutdownHook.class.getName());
    private static final long POLL_MILLIS = 20;

    @Inject
    HubSettings settings;

    private final AtomicBoolean ran = new AtomicBoolean();
    private final List<Runnable> closers = new CopyOnWriteArrayList<>();
    private final List<IntSupplier> counts = new CopyOnWriteArrayList<>();
    private long grace;
    private Thread hook;
    private sun.misc.SignalHandler previousTerm;

    /**
     * On SIGTERM, {@code close} tells this transport's peers 1012; {@code stillOpen} counts what has
     * not closed yet. Both are called from the hook's thread, so they must not need CDI.
     */
    public void onStop(Runnable close, IntSupplier stillOpen) {
        closers.add(close);
        counts.add(stillOpen);
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // The JVM takes hooks only as unstarted threads: no managed executor can stand in here.
        grace = settings.shutdownGrace();
        ShutdownHook self = this; // the instance, not its client proxy: the hook must not go through CDI
        hook = new Thread(self::stop, "switchboard-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            previousTerm = sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> self.terminated());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.WARNING, "SIGTERM cannot be taken here; the shutdown hook alone sends 1012: {0}", e.toString());
        }
    }

    /** SIGTERM: the closes go out while the container still serves, then the JVM exits as the signal would have it. */
    private void terminated() {
        stop();
        Runtime.getRuntime().exit(128 + 15);
    }

    @PreDestroy
    void undeployed() {
        if (previousTerm != null && !ran.get()) {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), previousTerm);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already running its hooks, this one among them: nothing to remove
        }
    }

    /** Tells every peer 1012 and waits a bounded time for the closes to go out. Runs once. */
    void stop() {
        if (!ran.compareAndSet(false, true)) {
            return;
        }
        for (Runnable close : closers) {
            try {
                close.run();
            } catch (RuntimeException e) {
                say("Switchboard stopping: a transport failed to close: " + e); // the others still get theirs
            }
        }
        int open = open();
        say("Switchboard stopping: 1012 sent, " + open + " connection(s) closing, waiting up to " + grace + " ms");
        long deadline = System.nanoTime() + grace * 1_000_000L;
        while (open > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS); // closes complete on other threads and report nothing back but the counts
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            open = open();
        }
        say("Switchboard stopped: " + open + " connection(s) still open");
    }

    private int open() {
        return counts.stream().mapToInt(IntSupplier::getAsInt).sum();
    }

    /**
     * Straight to stderr as well as the logger: JUL's own shutdown hook resets its handlers at the
     * same time as this one runs, so a logged line alone is often lost.
     */
    private static void say(String line) {
        LOG.log(System.Logger.Level.INFO, line);
        System.err.println(line);
    }
}
