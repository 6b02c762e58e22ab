package io.switchboard.websocket;

import java.lang.reflect.Field;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Tyrus restarts a session's idle-timeout task on every frame it receives or sends, even with the
 * idle timeout at 0, on the container's managed scheduled executor, which captures the Jakarta
 * context each time (about 80 µs per inbound frame measured here; see docs/benchmarks.md). The hub
 * runs its own heartbeat, so it hands each Tyrus session a plain scheduler on managed threads
 * instead. Reached by reflection on {@code TyrusSession.service}; without it nothing changes.
 */
final class TyrusIdleTimer {
    private static final System.Logger LOG = System.getLogger(TyrusIdleTimer.class.getName());
    private static volatile Field service;
    private static volatile boolean unavailable;

    private TyrusIdleTimer() {
    }

    static void useScheduler(jakarta.websocket.Session ws, ScheduledExecutorService scheduler) {
        if (unavailable) {
            return;
        }
        try {
            Field f = service == null ? service = lookUp(ws.getClass()) : service;
            f.set(ws, scheduler);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable = true;
            LOG.log(System.Logger.Level.INFO, "Tyrus session scheduler not replaceable, keeping the container''s: {0}", e.toString());
        }
    }

    private static Field lookUp(Class<?> sessionClass) throws NoSuchFieldException {
        for (Class<?> c = sessionClass; c != null; c = c.getSuperclass()) {
            if (c.getName().equals("org.glassfish.tyrus.core.TyrusSession")) {
                Field f = c.getDeclaredField("service");
                if (!ScheduledExecutorService.class.isAssignableFrom(f.getType())) {
                    throw new NoSuchFieldException("TyrusSession.service is a " + f.getType());
                }
                f.setAccessible(true);
                return f;
            }
        }
        throw new NoSuchFieldException("not a Tyrus session: " + sessionClass.getName());
    }
}
