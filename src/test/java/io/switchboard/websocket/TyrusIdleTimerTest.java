package io.switchboard.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The container-wide scheduler swap of {@link TyrusIdleTimer}, over stand-ins shaped like Tyrus'
 * {@code BaseContainer} (a private final field, declared by a superclass of the container) and a
 * container without it.
 */
class TyrusIdleTimerTest {
    private final ScheduledExecutorService managed = Executors.newSingleThreadScheduledExecutor();
    private final ScheduledExecutorService plain = Executors.newSingleThreadScheduledExecutor();

    static class Base {
        private final ScheduledExecutorService managedScheduledExecutorService;

        Base(ScheduledExecutorService managed) {
            this.managedScheduledExecutorService = managed;
        }

        /** What Tyrus hands each new session. */
        ScheduledExecutorService forSessions() {
            return managedScheduledExecutorService;
        }
    }

    static final class ServerContainer extends Base {
        ServerContainer(ScheduledExecutorService managed) {
            super(managed);
        }
    }

    @AfterEach
    void stop() {
        managed.shutdownNow();
        plain.shutdownNow();
    }

    @Test
    void everyNewSessionGetsThePlainSchedulerUntilRestored() {
        ServerContainer container = new ServerContainer(managed);

        Runnable restore = TyrusIdleTimer.useSchedulerForAll(container, plain, Base.class.getName());

        assertThat(restore).isNotNull();
        assertThat(container.forSessions()).isSameAs(plain);
        restore.run();
        assertThat(container.forSessions()).isSameAs(managed);
    }

    @Test
    void aContainerWithoutTheFieldKeepsItsOwn() {
        assertThat(TyrusIdleTimer.useSchedulerForAll(new Object(), plain)).isNull();
        assertThat(TyrusIdleTimer.useSchedulerForAll(null, plain)).isNull();
        ServerContainer container = new ServerContainer(managed);
        assertThat(TyrusIdleTimer.useSchedulerForAll(container, plain)).isNull(); // not a Tyrus BaseContainer
        assertThat(container.forSessions()).isSameAs(managed);
    }
}
