package io.switchboard.it.hooks;

import io.switchboard.hub.HubEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The example of an application observing the hub (docs/hooks.md), deployed with the test WAR: it
 * observes every event by the sealed type, and occupancy by its own type, and keeps them for
 * {@link HookEventsServlet} to show the test.
 */
@ApplicationScoped
public class RecordingObserver {
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final List<String> occupied = new CopyOnWriteArrayList<>();

    void any(@Observes HubEvent event) {
        seen.add(event.toString());
    }

    void occupied(@Observes HubEvent.Occupied event) {
        occupied.add(event.ch());
    }

    public List<String> seen() {
        return List.copyOf(seen);
    }

    public List<String> occupied() {
        return List.copyOf(occupied);
    }
}
