package io.switchboard.client;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The devices side of {@link HubClient} (docs/protocol.md, Devices and browsers): the device this client views and
 * what its frames ({@code emit}, {@code input}, {@code presence}) are handed to.
 */
final class Devices {
    private static final String VIEW_KEY = "view";

    private final Requester hub;
    private final Consumer<DeviceInput> onInput;
    private final Consumer<Presence> onPresence;
    private String viewed;
    private Consumer<DeviceEmit> onEmit = e -> { };

    Devices(Requester hub, Consumer<DeviceInput> onInput, Consumer<Presence> onPresence) {
        this.hub = hub;
        this.onInput = onInput;
        this.onPresence = onPresence;
    }

    /** Views {@code device} (one at a time; {@code null} stops viewing). */
    CompletableFuture<Void> view(String device, Consumer<DeviceEmit> handler) {
        synchronized (this) {
            viewed = device;
            onEmit = handler == null ? e -> { } : handler;
        }
        return hub.request(VIEW_KEY, id -> Frames.view(device, id)).thenApply(ok -> null);
    }

    /** What to send again when the hub lost the session: the view, if any. */
    synchronized Map<String, Function<String, String>> restore() {
        String device = viewed;
        return device == null ? Map.of() : Map.of(VIEW_KEY, id -> Frames.view(device, id));
    }

    void input(JsonObject f) {
        onInput.accept(new DeviceInput(f.getString("from", null), f.getOrDefault("data", JsonValue.NULL)));
    }

    void emitted(JsonObject f) {
        Consumer<DeviceEmit> handler;
        synchronized (this) {
            handler = onEmit;
        }
        handler.accept(new DeviceEmit(f.getString("device", null), f.getOrDefault("data", JsonValue.NULL)));
    }

    void presence(JsonObject f) {
        int viewers = f.get("viewers") instanceof JsonNumber n ? n.intValue() : 0;
        onPresence.accept(new Presence(f.getString("event", ""), f.getString("device", null),
                f.getString("client", null), viewers));
    }
}
