package io.switchboard.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.hub.Connection;
import io.switchboard.hub.Handshake;
import io.switchboard.hub.Hub;
import io.switchboard.hub.Limits;
import io.switchboard.protocol.FrameCodec;
import jakarta.json.spi.JsonProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;

/** Two hub nodes in this JVM, each on a Hazelcast member of its own, joined on loopback. */
final class TwoNodes implements AutoCloseable {
    final List<HazelcastInstance> members = new ArrayList<>();
    final List<ClusterNode> nodes = new ArrayList<>();
    final List<Hub> hubs = new ArrayList<>();

    TwoNodes(Limits limits, int logCapacity) {
        String cluster = "sb-unit-" + UUID.randomUUID().toString().substring(0, 8);
        int base = 20_000 + new java.util.Random().nextInt(20_000);
        for (int i = 0; i < 2; i++) {
            Config c = new Config().setClusterName(cluster);
            c.setProperty("hazelcast.logging.type", "jdk");
            c.setProperty("hazelcast.phone.home.enabled", "false");
            c.setProperty("hazelcast.wait.seconds.before.join", "0");
            c.setProperty("hazelcast.max.wait.seconds.before.join", "0");
            c.getNetworkConfig().setPort(base + i).setPortAutoIncrement(false);
            c.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
            var join = c.getNetworkConfig().getJoin();
            join.getMulticastConfig().setEnabled(false);
            join.getAutoDetectionConfig().setEnabled(false);
            join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + base).addMember("127.0.0.1:" + (base + 1));
            HazelcastInstance hz = Hazelcast.newHazelcastInstance(c);
            members.add(hz);
            var timers = Executors.newSingleThreadScheduledExecutor();
            ClusterNode node = new ClusterNode(hz, logCapacity, limits, Executors.defaultThreadFactory(), timers);
            Hub hub = new Hub(node.router(), node.sessions(), timers, limits,
                    new FrameCodec(JsonProvider.provider()), System::currentTimeMillis);
            node.started(hub);
            nodes.add(node);
            hubs.add(hub);
        }
    }

    /** A connection to node {@code i} that has sent {@code hello} (JSON). */
    Client connect(int i, String hello) {
        RecordingLink link = new RecordingLink();
        Connection c = hubs.get(i).connect(link, new Handshake("ws", "Mozilla/5.0 test", null));
        c.receive(hello);
        return new Client(link, c);
    }

    /** Node {@code i} dies at once: no goodbye to the others, its Hazelcast member just vanishes. */
    void kill(int i) {
        nodes.get(i).stop();
        members.get(i).getLifecycleService().terminate();
    }

    @Override
    public void close() {
        for (int i = 0; i < members.size(); i++) {
            nodes.get(i).stop();
            if (members.get(i).getLifecycleService().isRunning()) {
                members.get(i).getLifecycleService().terminate();
            }
        }
    }

    record Client(RecordingLink link, Connection connection) {
        void send(String singleQuoted) {
            connection.receive(singleQuoted.replace('\'', '"'));
        }
    }
}
