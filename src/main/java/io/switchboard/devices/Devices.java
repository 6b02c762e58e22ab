package io.switchboard.devices;

import io.switchboard.channels.BadChannelException;
import io.switchboard.channels.ChannelPath;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.JsonText;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.routing.Router;
import io.switchboard.sessions.Kind;
import io.switchboard.sessions.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Devices and their viewers (section 7). A device is known by its inbox name (its {@code name},
 * else its client id) while its session lives. Viewer sets are guarded by this object's monitor;
 * frames to sessions are sent after the monitor is released, and presence is published on
 * {@code /$sys/presence} as well as sent to the device's viewers.
 */
public final class Devices {
    private static final ChannelPath PRESENCE = presenceChannel();

    private record Device(Session session, boolean connected, long since) {
    }

    private final Router router;
    private final LongSupplier clock;
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final Map<String, Set<Session>> viewersOf = new ConcurrentHashMap<>();
    private final Map<Session, String> viewing = new ConcurrentHashMap<>();

    public Devices(Router router, LongSupplier clock) {
        this.router = router;
        this.clock = clock;
    }

    /** A device session got a connection (opened or resumed). */
    public void connected(Session s) {
        if (s.kind() == Kind.DEVICE) {
            devices.put(s.inbox(), new Device(s, true, clock.getAsLong()));
            presence("connected", s.inbox(), s.client());
        }
    }

    /** A device session lost its connection but lives on (it may resume). */
    public void disconnected(Session s) {
        if (s.kind() == Kind.DEVICE && devices.computeIfPresent(s.inbox(), (n, d) -> d.session() == s
                ? new Device(s, false, clock.getAsLong()) : d) != null) {
            presence("disconnected", s.inbox(), s.client());
        }
    }

    /** The session ended: a device goes offline for good; a viewer leaves. */
    public void ended(Session s) {
        if (s.kind() == Kind.DEVICE && devices.remove(s.inbox()) != null) {
            presence("disconnected", s.inbox(), s.client());
        }
        stopViewing(s);
    }

    /** A browser views a device, or nothing ({@code device} null); it views one device at a time. */
    public void view(Session browser, String device) throws ProtocolException {
        if (browser.kind() != Kind.BROWSER) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "only browsers view devices");
        }
        stopViewing(browser);
        if (device == null) {
            return;
        }
        synchronized (this) {
            viewersOf.computeIfAbsent(device, d -> new LinkedHashSet<>()).add(browser);
            viewing.put(browser, device);
        }
        presence("viewing", device, browser.client());
    }

    private void stopViewing(Session viewer) {
        String device;
        synchronized (this) {
            device = viewing.remove(viewer);
            if (device == null) {
                return;
            }
            Set<Session> set = viewersOf.get(device);
            if (set != null) {
                set.remove(viewer);
                if (set.isEmpty()) {
                    viewersOf.remove(device);
                }
            }
        }
        presence("left", device, viewer.client());
    }

    /** A device sends to all its viewers. */
    public void emit(Session device, String dataJson) throws ProtocolException {
        if (device.kind() != Kind.DEVICE) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "only devices emit");
        }
        String frame = JsonText.op("emit").str("device", device.inbox()).raw("data", dataJson).open();
        for (Session v : viewers(device.inbox())) {
            v.sendSequenced(frame);
        }
    }

    /** Sends input to a device: queued if its socket is down, {@code device_offline} if it has no session. */
    public void input(Session from, String device, String dataJson) throws ProtocolException {
        Device d = devices.get(device);
        if (d == null || d.session().ended()) {
            throw new ProtocolException(ErrorCode.DEVICE_OFFLINE, "no live session of the device " + device);
        }
        d.session().sendSequenced(JsonText.op("input").str("from", from.inbox()).raw("data", dataJson).open());
    }

    public List<DeviceInfo> list() {
        List<DeviceInfo> out = new ArrayList<>();
        devices.forEach((name, d) -> out.add(new DeviceInfo(name, d.session().client(), d.connected(),
                Instant.ofEpochMilli(d.since()), viewers(name).size())));
        out.sort(Comparator.comparing(DeviceInfo::name));
        return out;
    }

    private synchronized List<Session> viewers(String device) {
        Set<Session> set = viewersOf.get(device);
        return set == null ? List.of() : List.copyOf(set);
    }

    /** Presence about {@code device}: {@code client} is the session the event is about (ruling 8). */
    private void presence(String event, String device, String client) {
        List<Session> to = viewers(device);
        String body = "{\"event\":" + JsonText.quote(event) + ",\"device\":" + JsonText.quote(device)
                + ",\"client\":" + JsonText.quote(client) + ",\"viewers\":" + to.size() + "}";
        String frame = JsonText.op("presence").str("event", event).str("device", device).str("client", client)
                .num("viewers", to.size()).open();
        for (Session v : to) {
            v.sendSequenced(frame);
        }
        router.publish(PRESENCE, body, null, false);
    }

    private static ChannelPath presenceChannel() {
        try {
            return ChannelPath.parse("/$sys/presence");
        } catch (BadChannelException e) {
            throw new IllegalStateException(e);
        }
    }
}
