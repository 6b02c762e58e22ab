package io.switchboard.websocket;

import java.lang.reflect.Field;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Tyrus restarts a session's idle-timeout task on every frame it receives or sends, even with the
 * idle timeout at 0, on the container's managed scheduled executor, which captures the Jakarta
 * context each time (about 80 µs per inbound frame measured here; see docs/benchmarks.md). The hub
 * runs its own heartbeat, so it hands each Tyrus session a plain scheduler on managed threads
 * instead. Reached by reflection on {@code TyrusSession.service}; without it nothing changes.
 *
 * <p>A session schedules that task once already in its constructor, before any endpoint code runs
 * (an earlier JFR profile of a burst of handshakes put that at about a sixth of the server's CPU;
 * issue #14). So the container itself
 * is first given the plain scheduler ({@link #useSchedulerForAll}, by reflection on
 * {@code BaseContainer.managedScheduledExecutorService}, which Tyrus hands to every new session);
 * the per-session swap then has nothing left to do and remains for a container where that failed.
 */
final class TyrusIdleTimer {
    private static final System.Logger LOG = System.getLogger(TyrusIdleTimer.class.getName());
    private static volatile Field service;
    private static volatile boolean unavailable;
    private static final String BASE_CONTAINER = "org.glassfish.tyrus.core.BaseContainer";

    private TyrusIdleTimer() {
    }

    /**
     * Makes {@code container} (the application's Tyrus {@code ServerContainer}) give {@code scheduler}
     * to every session it makes from now on. Returns how to give it its own back, or null if it could
     * not be done (said once at INFO; the per-session swap still applies).
     */
    static Runnable useSchedulerForAll(Object container, ScheduledExecutorService scheduler) {
        return useSchedulerForAll(container, scheduler, BASE_CONTAINER);
    }

    /** As above, with the name of the class that declares the field (a stand-in's, in tests). */
    static Runnable useSchedulerForAll(Object container, ScheduledExecutorService scheduler, String owner) {
        try {
            Field f = declared(container == null ? null : container.getClass(), owner, "managedScheduledExecutorService");
            Object own = f.get(container);
            f.set(container, scheduler);
            return () -> {
                try {
                    f.set(container, own);
                } catch (IllegalAccessException e) {
                    LOG.log(System.Logger.Level.DEBUG, "Tyrus container scheduler not restored: {0}", e.toString());
                }
            };
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, "Tyrus container scheduler not replaceable, each session''s is: {0}", e.toString());
            return null;
        }
    }

    static void useScheduler(jakarta.websocket.Session ws, ScheduledExecutorService scheduler) {
        if (unavailable) {
            return;
        }
        try {
            Field f = service == null ? service = lookUp(ws.getClass()) : service;
            if (f.get(ws) != scheduler) {
                f.set(ws, scheduler);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable = true;
            LOG.log(System.Logger.Level.INFO, "Tyrus session scheduler not replaceable, keeping the container''s: {0}", e.toString());
        }
    }

    private static Field lookUp(Class<?> sessionClass) throws NoSuchFieldException {
        return declared(sessionClass, "org.glassfish.tyrus.core.TyrusSession", "service");
    }

    /** {@code owner}'s scheduler field {@code name}, from {@code start} or a superclass of it, made accessible. */
    private static Field declared(Class<?> start, String owner, String name) throws NoSuchFieldException {
        for (Class<?> c = start; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(owner)) {
                Field f = c.getDeclaredField(name);
                if (!ScheduledExecutorService.class.isAssignableFrom(f.getType())) {
                    throw new NoSuchFieldException(owner + "." + name + " is a " + f.getType());
                }
                f.setAccessible(true);
                return f;
            }
        }
        throw new NoSuchFieldException("not a " + owner + ": " + (start == null ? null : start.getName()));
    }
}
