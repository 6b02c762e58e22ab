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
 * open, so clients see EOF or 1006, not 1012. This bean registers a JVM shutdown hook for the
 * application's life (removed again on a normal undeploy). Each transport registers, at start-up,
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
    }

    @PreDestroy
    void undeployed() {
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
