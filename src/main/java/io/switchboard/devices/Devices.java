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
 * Devices and their viewers. A device is known by its inbox name (its {@code name},
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
    private volatile DeviceRelay relay = DeviceRelay.NONE;

    public Devices(Router router, LongSupplier clock) {
        this.router = router;
        this.clock = clock;
    }

    /** Cluster mode: the devices and viewers of the other nodes. */
    public void relay(DeviceRelay r) {
        this.relay = r;
    }

    /** A device session got a connection (opened or resumed). */
    public void connected(Session s) {
        if (s.kind() == Kind.DEVICE) {
            Device d = new Device(s, true, clock.getAsLong());
            devices.put(s.inbox(), d);
            relay.device(s.inbox(), info(s.inbox(), d));
            presence("connected", s.inbox(), s.client());
        }
    }

    /** A device session lost its connection but lives on (it may resume). */
    public void disconnected(Session s) {
        Device d = s.kind() != Kind.DEVICE ? null : devices.computeIfPresent(s.inbox(), (n, old) -> old.session() == s
                ? new Device(s, false, clock.getAsLong()) : old);
        if (d != null) {
            relay.device(s.inbox(), info(s.inbox(), d));
            presence("disconnected", s.inbox(), s.client());
        }
    }

    /** The session ended: a device goes offline for good; a viewer leaves. */
    public void ended(Session s) {
        if (s.kind() == Kind.DEVICE && devices.remove(s.inbox()) != null) {
            relay.device(s.inbox(), null);
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
        int here;
        synchronized (this) {
            Set<Session> set = viewersOf.computeIfAbsent(device, d -> new LinkedHashSet<>());
            set.add(browser);
            here = set.size();
            viewing.put(browser, device);
        }
        relay.viewers(device, here);
        presence("viewing", device, browser.client());
    }

    private void stopViewing(Session viewer) {
        String device;
        int here = 0;
        synchronized (this) {
            device = viewing.remove(viewer);
            if (device == null) {
                return;
            }
            Set<Session> set = viewersOf.get(device);
            if (set != null) {
                set.remove(viewer);
                here = set.size();
                if (set.isEmpty()) {
                    viewersOf.remove(device);
                }
            }
        }
        relay.viewers(device, here);
        presence("left", device, viewer.client());
    }

    /** A device sends to all its viewers. */
    public void emit(Session device, String dataJson) throws ProtocolException {
        if (device.kind() != Kind.DEVICE) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "only devices emit");
        }
        String frame = JsonText.op("emit").str("device", device.inbox()).raw("data", dataJson).open();
        toViewersHere(device.inbox(), frame);
        relay.toViewers(device.inbox(), frame);
    }

    /** Sends an open frame to this node's viewers of {@code device} (the relay's way in, too). */
    public void toViewersHere(String device, String frame) {
        for (Session v : viewers(device)) {
            v.sendSequenced(frame);
        }
    }

    /** Sends an open frame to {@code device}'s session on this node; false if it has none here. */
    public boolean toDeviceHere(String device, String frame) {
        Device d = devices.get(device);
        if (d == null || d.session().ended()) {
            return false;
        }
        d.session().sendSequenced(frame);
        return true;
    }

    /** Sends input to a device: queued if its socket is down, {@code device_offline} if it has no session. */
    public void input(Session from, String device, String dataJson) throws ProtocolException {
        String frame = JsonText.op("input").str("from", from.inbox()).raw("data", dataJson).open();
        if (!toDeviceHere(device, frame) && !relay.toDevice(device, frame)) {
            throw new ProtocolException(ErrorCode.DEVICE_OFFLINE, "no live session of the device " + device);
        }
    }

    /** The devices of this node and (cluster mode) of the others, by name. */
    public List<DeviceInfo> list() {
        List<DeviceInfo> out = new ArrayList<>();
        devices.forEach((name, d) -> out.add(info(name, d)));
        for (DeviceInfo remote : relay.remoteDevices()) {
            if (!devices.containsKey(remote.name())) {
                out.add(new DeviceInfo(remote.name(), remote.client(), remote.connected(), remote.since(),
                        viewerCount(remote.name())));
            }
        }
        out.sort(Comparator.comparing(DeviceInfo::name));
        return out;
    }

    private DeviceInfo info(String name, Device d) {
        return new DeviceInfo(name, d.session().client(), d.connected(), Instant.ofEpochMilli(d.since()), viewerCount(name));
    }

    private int viewerCount(String device) {
        return viewers(device).size() + relay.remoteViewers(device);
    }

    private synchronized List<Session> viewers(String device) {
        Set<Session> set = viewersOf.get(device);
        return set == null ? List.of() : List.copyOf(set);
    }

    /** Presence about {@code device}: {@code client} is the session the event is about. */
    private void presence(String event, String device, String client) {
        List<Session> to = viewers(device);
        int count = to.size() + relay.remoteViewers(device);
        String body = "{\"event\":" + JsonText.quote(event) + ",\"device\":" + JsonText.quote(device)
                + ",\"client\":" + JsonText.quote(client) + ",\"viewers\":" + count + "}";
        String frame = JsonText.op("presence").str("event", event).str("device", device).str("client", client)
                .num("viewers", count).open();
        for (Session v : to) {
            v.sendSequenced(frame);
        }
        relay.toViewers(device, frame);
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
