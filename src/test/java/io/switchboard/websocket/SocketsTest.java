package io.switchboard.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.PreDestroy;
import org.junit.jupiter.api.Test;

/**
 * Which endpoint classes {@link Sockets#newEndpoint} makes itself: only those whose instances can be
 * dropped without a destroy, so a class with a {@code @PreDestroy} method, its own or inherited, is
 * left to the container.
 */
class SocketsTest {

    static class Plain {
    }

    static class Releasing {
        @PreDestroy
        void release() {
        }
    }

    static final class InheritsRelease extends Releasing {
    }

    @Test
    void onlyClassesWithoutPreDestroyAreMadeHere() {
        assertThat(Sockets.hasPreDestroy(Plain.class)).isFalse();
        assertThat(Sockets.hasPreDestroy(HubEndpoint.class)).isFalse();
        assertThat(Sockets.hasPreDestroy(ChatEndpoint.class)).isFalse();
        assertThat(Sockets.hasPreDestroy(MuxEndpoint.class)).isFalse();
        assertThat(Sockets.hasPreDestroy(Releasing.class)).isTrue();
        assertThat(Sockets.hasPreDestroy(InheritsRelease.class)).isTrue();
    }
}
