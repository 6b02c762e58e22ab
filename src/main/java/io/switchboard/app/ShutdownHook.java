package io.switchboard.app;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Payara Micro ends on SIGTERM without undeploying, so no {@code @PreDestroy} runs and clients see
 * EOF. This bean registers a JVM shutdown hook for the application's life (removed again when the
 * application is undeployed normally) that fires {@link Stopping}: every socket is told 1012 and
 * TCP lines get their {@code close} frame, then the hook waits until they have closed or
 * {@code switchboard.shutdownGrace} ms have passed, whichever comes first.
 */
@ApplicationScoped
public class ShutdownHook {
    private static final System.Logger LOG = System.getLogger(ShutdownHook.class.getName());
    private static final long POLL_MILLIS = 20;

    @Inject
    Event<Stopping> stopping;

    @Inject
    HubSettings settings;

    private final AtomicBoolean ran = new AtomicBoolean();
    private Thread hook;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // The JVM takes hooks only as unstarted threads: no managed executor can stand in here.
        hook = new Thread(this::stop, "switchboard-shutdown");
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
        Stopping event = new Stopping();
        stopping.fire(event);
        long grace = settings.shutdownGrace();
        int open = event.open();
        say("Switchboard stopping: 1012 sent, " + open + " connection(s) closing, waiting up to " + grace + " ms");
        long deadline = System.nanoTime() + grace * 1_000_000L;
        while (open > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS); // closes complete on other threads and report nothing back but the counts
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            open = event.open();
        }
        say("Switchboard stopped: " + open + " connection(s) still open");
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
