package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DocumentsTest {
    private final FakeHub hub = new FakeHub();
    private final Documents documents = new Documents(hub);

    @Test
    void oneViewPerChannel() {
        DocumentView a = documents.watch("/state/a", null);
        assertThat(documents.watch("/state/a", null)).isSameAs(a);
        assertThat(hub.requestOps()).containsExactly("watch /state/a");
        assertThat(hub.requests.get(0).key()).isEqualTo("watch /state/a");
    }

    @Test
    void framesReachTheirView() {
        DocumentView a = documents.watch("/state/a", null);
        DocumentView b = documents.watch("/state/b", null);
        documents.snapshot(FakeHub.parse("{\"op\":\"snapshot\",\"ch\":\"/state/a\",\"rev\":3,\"data\":{\"x\":1},\"seq\":1}"));
        documents.patched(FakeHub.parse("{\"op\":\"patched\",\"ch\":\"/state/a\",\"rev\":4,"
                + "\"ops\":[{\"op\":\"add\",\"path\":\"/y\",\"value\":2}],\"seq\":2}"));
        assertThat(a.rev()).isEqualTo(4);
        assertThat(a.current()).isEqualTo(FakeHub.parse("{\"x\":1,\"y\":2}"));
        assertThat(b.rev()).isEqualTo(-1);
    }

    @Test
    void aSkippedRevWatchesAgain() {
        documents.watch("/state/a", null);
        documents.snapshot(FakeHub.parse("{\"op\":\"snapshot\",\"ch\":\"/state/a\",\"rev\":3,\"data\":{},\"seq\":1}"));
        documents.patched(FakeHub.parse("{\"op\":\"patched\",\"ch\":\"/state/a\",\"rev\":5,\"ops\":[],\"seq\":2}"));
        assertThat(hub.requestOps()).containsExactly("watch /state/a", "unwatch /state/a", "watch /state/a");
        documents.patched(FakeHub.parse("{\"op\":\"patched\",\"ch\":\"/state/a\",\"rev\":6,\"ops\":[],\"seq\":3}"));
        assertThat(hub.requests).hasSize(3);
    }

    @Test
    void aRefusedWatchFailsReadyAndForgetsTheView() {
        DocumentView a = documents.watch("/nope", null);
        hub.requests.get(0).result().completeExceptionally(new HubException("bad_channel", "no"));
        assertThat(a.ready()).isCompletedExceptionally();
        assertThat(documents.watch("/nope", null)).isNotSameAs(a);
    }

    @Test
    void unwatchAndRestore() {
        documents.watch("/state/a", null);
        documents.watch("/state/b", null);
        documents.unwatch("/state/a");
        assertThat(hub.requestOps()).containsExactly("watch /state/a", "watch /state/b", "unwatch /state/a");
        assertThat(documents.restore()).containsOnlyKeys("watch /state/b");
        assertThat(FakeHub.parse(documents.restore().get("watch /state/b").apply("x")).getString("op")).isEqualTo("watch");
    }

    @Test
    void aSessionGapWatchesEverythingAgain() {
        documents.watch("/state/a", null);
        documents.watch("/state/b", null);
        documents.resyncAll();
        assertThat(hub.requestOps()).containsExactly("watch /state/a", "watch /state/b",
                "unwatch /state/a", "watch /state/a", "unwatch /state/b", "watch /state/b");
    }
}
