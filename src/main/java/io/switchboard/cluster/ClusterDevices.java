package io.switchboard.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.topic.ITopic;
import io.switchboard.devices.DeviceInfo;
import io.switchboard.devices.DeviceRelay;
import io.switchboard.devices.Devices;
import io.switchboard.protocol.JsonText;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Devices across nodes. Every node's devices are in an IMap (name to client, connected, since and
 * node), and each node's viewer count per device in another ({@code device@node}); frames travel
 * on one topic: to the viewers of a device on every other node, or to the one node that has the
 * device. A node that leaves takes its devices and viewers with it (whoever sees it go removes
 * them).
 */
public final class ClusterDevices implements DeviceRelay {
    private static final System.Logger LOG = System.getLogger(ClusterDevices.class.getName());
    static final String DEVICES = "switchboard-devices";
    static final String VIEWERS = "switchboard-viewers";
    static final String TOPIC = "switchboard-device-frames";

    private final HazelcastInstance hz;
    private final IMap<String, String> devices;
    private final IMap<String, Integer> viewers;
    private final ITopic<String> frames;
    private final String me;
    private volatile Devices local;

    public ClusterDevices(HazelcastInstance hz) {
        this.hz = hz;
        this.devices = hz.getMap(DEVICES);
        this.viewers = hz.getMap(VIEWERS);
        this.frames = hz.getTopic(TOPIC);
        this.me = Members.self(hz);
        frames.addMessageListener(m -> received(m.getMessageObject()));
        Members.onLeave(hz, this::forget);
    }

    /** This node's devices, which the relay serves and feeds. */
    public void serve(Devices d) {
        this.local = d;
        d.relay(this);
    }

    @Override
    public void toViewers(String device, String frame) {
        frames.publish(JsonText.op("viewers").str("node", me).str("device", device).str("frame", frame).toString());
    }

    @Override
    public boolean toDevice(String device, String frame) {
        String json = devices.get(device);
        if (json == null) {
            return false;
        }
        String node = parse(json).getString("node");
        if (node.equals(me) || !alive(node)) {
            return false;
        }
        frames.publish(JsonText.op("device").str("node", node).str("device", device).str("frame", frame).toString());
        return true;
    }

    @Override
    public void device(String name, DeviceInfo info) {
        if (info == null) {
            devices.delete(name);
        } else {
            devices.set(name, JsonText.op("device").str("node", me).str("client", info.client())
                    .bool("connected", info.connected()).num("since", info.since().toEpochMilli()).toString());
        }
    }

    @Override
    public void viewers(String device, int here) {
        if (here == 0) {
            viewers.delete(device + "@" + me);
        } else {
            viewers.set(device + "@" + me, here);
        }
    }

    @Override
    public int remoteViewers(String device) {
        int n = 0;
        for (Member m : hz.getCluster().getMembers()) {
            String node = m.getUuid().toString();
            if (!node.equals(me)) {
                Integer count = viewers.get(device + "@" + node);
                n += count == null ? 0 : count;
            }
        }
        return n;
    }

    @Override
    public List<DeviceInfo> remoteDevices() {
        List<DeviceInfo> out = new ArrayList<>();
        devices.forEach((name, json) -> {
            JsonObject d = parse(json);
            if (!d.getString("node").equals(me)) {
                out.add(new DeviceInfo(name, d.getString("client"), d.getBoolean("connected"),
                        Instant.ofEpochMilli(d.getJsonNumber("since").longValue()), 0));
            }
        });
        return out;
    }

    private void received(String text) {
        Devices here = local;
        if (here == null) {
            return;
        }
        JsonObject m = parse(text);
        String frame = m.getString("frame");
        switch (m.getString("op")) {
            case "viewers" -> {
                if (!m.getString("node").equals(me)) {
                    here.toViewersHere(m.getString("device"), frame);
                }
            }
            case "device" -> {
                if (m.getString("node").equals(me) && !here.toDeviceHere(m.getString("device"), frame)) {
                    LOG.log(System.Logger.Level.WARNING, "an input for {0} came after it left this node",
                            m.getString("device"));
                }
            }
            default -> LOG.log(System.Logger.Level.WARNING, "unknown device relay message {0}", m.getString("op"));
        }
    }

    private boolean alive(String node) {
        return Members.alive(hz, node);
    }

    private void forget(String node) {
        devices.forEach((name, json) -> {
            if (parse(json).getString("node").equals(node)) {
                devices.remove(name, json);
            }
        });
        for (String key : viewers.keySet()) {
            if (key.endsWith("@" + node)) {
                viewers.delete(key);
            }
        }
    }

    private static JsonObject parse(String json) {
        try (var r = Json.createReader(new StringReader(json))) {
            return r.readObject();
        }
    }
}
