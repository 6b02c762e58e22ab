package io.switchboard.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.routing.LocalBus;
import io.switchboard.routing.LocalMessageLog;
import io.switchboard.routing.Router;
import org.junit.jupiter.api.Test;

class LocalSessionStoreTest {
    private static final long TTL = 1_000;
    private final Router router = new Router(new LocalMessageLog(10, 60_000, System::currentTimeMillis), new LocalBus());
    private final LocalSessionStore registry = new LocalSessionStore();

    private Session register(String client, String name) {
        return registry.findOrCreate(client, c -> new Session(router, c, "sid-" + c, name, Kind.DEVICE, true, 10,
                SessionListener.NONE));
    }

    @Test
    void findOrCreateKeepsOneSessionPerClient() {
        Session first = register("c1", null);
        Session again = register("c1", "ignored");

        assertThat(again).isSameAs(first);
        assertThat(registry.find("c1")).isSameAs(first);
        assertThat(registry.size()).isEqualTo(1);
    }

    @Test
    void theUserOfASessionIsKnownWithoutTouchingIt() {
        register("c1", null).identify(new io.switchboard.auth.Identity("alice", java.util.Set.of(), Long.MAX_VALUE));
        register("c2", null);

        assertThat(registry.userOf("c1")).isEqualTo("alice");
        assertThat(registry.userOf("c2")).isNull();
        assertThat(registry.userOf("nobody")).isNull();
    }

    @Test
    void aNameBelongsToOneLiveSession() {
        register("c1", "kitchen");
        register("c2", "kitchen");

        assertThat(registry.claimInbox("kitchen", "c1")).isTrue();
        assertThat(registry.claimInbox("kitchen", "c1")).as("the holder may claim again").isTrue();
        assertThat(registry.claimInbox("kitchen", "c2")).isFalse();
    }

    @Test
    void aNameIsFreeOnceItsHolderIsRemoved() {
        Session holder = register("c1", "kitchen");
        registry.claimInbox("kitchen", "c1");

        registry.remove(holder);
        register("c2", "kitchen");

        assertThat(registry.find("c1")).isNull();
        assertThat(registry.claimInbox("kitchen", "c2")).isTrue();
        register("c1", "kitchen"); // c1 comes back while c2 holds the name
        assertThat(registry.claimInbox("kitchen", "c1")).isFalse();
    }

    @Test
    void aNameHeldByAClientWithNoLiveSessionCanBeTaken() {
        registry.claimInbox("kitchen", "ghost"); // "ghost" has no session in the registry

        assertThat(registry.claimInbox("kitchen", "c2")).isTrue();
    }

    @Test
    void removeLeavesANewerSessionOfTheSameClientAlone() {
        Session old = new Session(router, "c1", "old", null, Kind.DEVICE, true, 10, SessionListener.NONE);
        Session current = register("c1", null);

        registry.remove(old);

        assertThat(registry.find("c1")).isSameAs(current);
    }

    @Test
    void expiredListsOnlySessionsDetachedForLongerThanTheTtl() {
        RecordingLink link = new RecordingLink();
        Session detached = register("c1", null);
        detached.attach(link, 0, false, null);
        detached.detach(link, 5_000);
        Session connected = register("c2", null);
        connected.attach(new RecordingLink(), 0, false, null);

        assertThat(registry.expired(5_000 + TTL, TTL)).isEmpty();
        assertThat(registry.expired(5_001 + TTL, TTL)).containsExactly(detached);

        detached.attach(new RecordingLink(), 0, false, null);
        assertThat(registry.expired(99_000, TTL)).isEmpty();
    }
}
