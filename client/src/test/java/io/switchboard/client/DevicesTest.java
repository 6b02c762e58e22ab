package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevicesTest {
    private final FakeHub hub = new FakeHub();
    private final List<DeviceInput> inputs = new ArrayList<>();
    private final List<Presence> presence = new ArrayList<>();
    private final Devices devices = new Devices(hub, inputs::add, presence::add);

    @Test
    void inputFramesReachTheHandlerWithSenderAndData() {
        devices.input(FakeHub.parse("{\"op\":\"input\",\"from\":\"page-1\",\"data\":{\"id\":\"reset\"},\"seq\":4}"));
        assertThat(inputs).containsExactly(new DeviceInput("page-1", FakeHub.parse("{\"id\":\"reset\"}")));
    }

    @Test
    void emitsGoToTheHandlerOfTheLatestView() {
        List<DeviceEmit> first = new ArrayList<>();
        List<DeviceEmit> second = new ArrayList<>();
        devices.view("a", first::add);
        devices.view("b", second::add);
        devices.emitted(FakeHub.parse("{\"op\":\"emit\",\"device\":\"b\",\"data\":1,\"seq\":1}"));
        assertThat(first).isEmpty();
        assertThat(second).containsExactly(new DeviceEmit("b", Json.createValue(1)));
        assertThat(hub.requests).extracting(r -> r.frame().getString("device")).containsExactly("a", "b");
        assertThat(hub.requests).extracting(FakeHub.Request::key).containsOnly("view");
    }

    @Test
    void theViewIsRestoredAfterALostSessionUnlessStopped() {
        devices.view("thermo", e -> { });
        var restore = devices.restore();
        assertThat(restore).containsOnlyKeys("view");
        assertThat(FakeHub.parse(restore.get("view").apply("x1")).getString("device")).isEqualTo("thermo");
        devices.view(null, null);
        assertThat(hub.requests.get(1).frame().isNull("device")).isTrue();
        assertThat(devices.restore()).isEmpty();
    }

    @Test
    void presenceFramesAreParsed() {
        devices.presence(FakeHub.parse("{\"op\":\"presence\",\"event\":\"viewing\",\"device\":\"d\","
                + "\"client\":\"page\",\"viewers\":2,\"seq\":9}"));
        assertThat(presence).containsExactly(new Presence("viewing", "d", "page", 2));
    }
}
