package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DocumentViewTest {
    private final AtomicInteger closed = new AtomicInteger();
    private final DocumentView view = new DocumentView("/state/room", closed::incrementAndGet);

    private static JsonObject obj(String json) {
        return FakeHub.parse(json);
    }

    private static JsonArray ops(String json) {
        try (var r = Json.createReader(new java.io.StringReader(json))) {
            return r.readArray();
        }
    }

    @Test
    void emptyUntilTheFirstSnapshot() {
        assertThat(view.rev()).isEqualTo(-1);
        assertThat(view.current()).isEmpty();
        assertThat(view.ready()).isNotDone();
        assertThat(view.patched(1, ops("[{\"op\":\"add\",\"path\":\"/a\",\"value\":1}]"))).isTrue();
        assertThat(view.rev()).isEqualTo(-1);
    }

    @Test
    void appliesChangesInRevOrder() {
        List<Long> seen = new ArrayList<>();
        view.onChange(v -> seen.add(v.rev()));
        view.snapshot(4, obj("{\"title\":\"x\",\"tags\":[\"a\"]}"));
        assertThat(view.ready()).isCompletedWithValue(view);
        assertThat(view.lastOps()).isNull();

        assertThat(view.patched(5, ops("[{\"op\":\"replace\",\"path\":\"/title\",\"value\":\"y\"},"
                + "{\"op\":\"add\",\"path\":\"/tags/-\",\"value\":\"b\"},"
                + "{\"op\":\"add\",\"path\":\"/gone\",\"value\":null}]"))).isTrue();
        assertThat(view.rev()).isEqualTo(5);
        assertThat(view.current()).isEqualTo(obj("{\"title\":\"y\",\"tags\":[\"a\",\"b\"],\"gone\":null}"));
        assertThat(view.lastOps()).hasSize(3);

        assertThat(view.patched(6, ops("[{\"op\":\"remove\",\"path\":\"/gone\"}]"))).isTrue();
        assertThat(view.current()).isEqualTo(obj("{\"title\":\"y\",\"tags\":[\"a\",\"b\"]}"));
        assertThat(seen).containsExactly(4L, 5L, 6L);
    }

    @Test
    void anOldChangeIsIgnored() {
        view.snapshot(4, obj("{\"n\":4}"));
        assertThat(view.patched(4, ops("[{\"op\":\"replace\",\"path\":\"/n\",\"value\":0}]"))).isTrue();
        assertThat(view.patched(2, ops("[{\"op\":\"replace\",\"path\":\"/n\",\"value\":0}]"))).isTrue();
        assertThat(view.current().getInt("n")).isEqualTo(4);
    }

    @Test
    void aSkippedRevAsksForASnapshotAndIgnoresChangesUntilThen() {
        view.snapshot(1, obj("{\"n\":1}"));
        assertThat(view.patched(3, ops("[{\"op\":\"replace\",\"path\":\"/n\",\"value\":3}]"))).isFalse();
        assertThat(view.isResyncing()).isTrue();
        assertThat(view.patched(2, ops("[{\"op\":\"replace\",\"path\":\"/n\",\"value\":2}]"))).isTrue();
        assertThat(view.current().getInt("n")).isEqualTo(1);
        view.snapshot(3, obj("{\"n\":3}"));
        assertThat(view.isResyncing()).isFalse();
        assertThat(view.patched(4, ops("[{\"op\":\"replace\",\"path\":\"/n\",\"value\":4}]"))).isTrue();
        assertThat(view.current().getInt("n")).isEqualTo(4);
    }

    @Test
    void opsThatDoNotApplyAskForASnapshotAndChangeNothing() {
        view.snapshot(1, obj("{\"n\":1}"));
        assertThat(view.patched(2, ops("[{\"op\":\"replace\",\"path\":\"/n\",\"value\":2},"
                + "{\"op\":\"remove\",\"path\":\"/missing\"}]"))).isFalse();
        assertThat(view.current()).isEqualTo(obj("{\"n\":1}"));
        assertThat(view.rev()).isEqualTo(1);
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        List<String> seen = new ArrayList<>();
        view.onChange(v -> {
            throw new IllegalStateException("listener bug");
        }).onChange(v -> seen.add("second"));
        view.snapshot(0, obj("{}"));
        assertThat(seen).containsExactly("second");
    }

    @Test
    void closeUnwatches() {
        view.close();
        assertThat(closed).hasValue(1);
    }
}
