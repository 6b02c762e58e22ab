package io.switchboard.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

/**
 * The CDI event of a hub going down (SIGTERM): each transport that observes it tells its peers
 * 1012 and says, through {@link #stillOpen}, how to count what has not closed yet, so the one
 * waiting on it ({@link ShutdownHook}) knows when it may stop waiting.
 */
public final class Stopping {
    private final List<IntSupplier> open = new CopyOnWriteArrayList<>();

    public void stillOpen(IntSupplier count) {
        open.add(count);
    }

    int open() {
        return open.stream().mapToInt(IntSupplier::getAsInt).sum();
    }
}
