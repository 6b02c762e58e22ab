package io.switchboard.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Several Payara Micro nodes running the built WAR as one Switchboard cluster on loopback, for
 * the ITs that need more than the one container Arquillian manages (docs/clustering.md).
 *
 * <p>Each node gets a free HTTP port and a Hazelcast port of its own; all Hazelcast ports form
 * one tcpip member list under a cluster name of this test's own, and {@code switchboard.cluster}
 * is on. The nodes boot in parallel; {@link #start} returns once every node answers
 * {@code /health/ready} and counts all nodes as Hazelcast members. Logs:
 * {@code target/cluster-it/<name>/node-<i>.log}.
 *
 * <p>Where things are comes from Failsafe's system properties: {@code payara.micro.jar},
 * {@code switchboard.war}, {@code payara.preboot}, {@code cluster.it.dir}, {@code cluster.it.prefix} (-Dit.cluster).
 */
public final class ClusterNodes implements AutoCloseable {
    /** Boots on a busy 2-core machine took up to 90 s; this leaves room without hanging forever. */
    private static final Duration BOOT = Duration.ofSeconds(600);
    private static final Duration MEMBERSHIP = Duration.ofSeconds(180);

    private final List<NodeProcess> nodes;

    private ClusterNodes(List<NodeProcess> nodes) {
        this.nodes = nodes;
    }

    /**
     * Starts {@code count} nodes named {@code name} (folder and cluster name), with {@code config}
     * as extra MicroProfile Config properties (system properties of every node).
     */
    public static ClusterNodes start(String name, int count, Map<String, String> config) {
        return start(name, count, config, List.of());
    }

    /** As {@link #start(String, int, Map)}, with JVM options after the defaults (they win: {@code -Xmx256m}). */
    public static ClusterNodes start(String name, int count, Map<String, String> config, List<String> jvmOptions) {
        Path dir = Path.of(System.getProperty("cluster.it.dir", "target/cluster-it")).resolve(name).toAbsolutePath();
        String clusterName = System.getProperty("cluster.it.prefix", "switchboard-it") + "-" + name;
        int[] ports = freePorts(2 * count);
        String members = IntStream.range(0, count)
                .mapToObj(i -> "127.0.0.1:" + ports[count + i])
                .collect(Collectors.joining(","));
        List<NodeProcess> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path log = prepare(dir, i);
            List<String> command = NodeCommand.of(i, ports[i], ports[count + i], clusterName, members, dir, config, jvmOptions);
            nodes.add(new NodeProcess(i, ports[i], ports[count + i], command, log));
        }
        ClusterNodes cluster = new ClusterNodes(nodes);
        try {
            nodes.forEach(NodeProcess::start);
            nodes.forEach(n -> n.awaitReady(BOOT));
            nodes.forEach(n -> n.awaitMembers(count, MEMBERSHIP));
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private static Path prepare(Path dir, int i) {
        try {
            Files.createDirectories(dir.resolve("tmp-" + i));
            Path log = dir.resolve("node-" + i + ".log");
            Files.deleteIfExists(log);
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Distinct free ports on loopback: all held open at once so none is handed out twice. */
    private static int[] freePorts(int n) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return held.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException e) {
                    // a probe socket: nothing to do
                }
            }
        }
    }

    public int size() {
        return nodes.size();
    }

    /** Node i's base URL, e.g. {@code http://127.0.0.1:40123/}. */
    public URI url(int i) {
        return nodes.get(i).url();
    }

    /** {@code ws://} to that path on node i. */
    public URI ws(int i, String path) {
        return URI.create("ws://127.0.0.1:" + nodes.get(i).httpPort() + path);
    }

    /** Every node's HTTP address, in node order (what a {@link LoadBalancer} fronts). */
    public List<InetSocketAddress> addresses() {
        return nodes.stream().map(n -> new InetSocketAddress("127.0.0.1", n.httpPort())).toList();
    }

    public int hazelcastPort(int i) {
        return nodes.get(i).hazelcastPort();
    }

    public Path log(int i) {
        return nodes.get(i).log();
    }

    public boolean isAlive(int i) {
        return nodes.get(i).isAlive();
    }

    public ProcessHandle process(int i) {
        return nodes.get(i).handle();
    }

    /** Node i's latest Hazelcast member count, as its log reports it. */
    public OptionalInt members(int i) {
        return nodes.get(i).members();
    }

    /** Waits until node i reports n Hazelcast members (after a kill, the survivors drop to fewer). */
    public void awaitMembers(int i, int n) {
        nodes.get(i).awaitMembers(n, MEMBERSHIP);
    }

    /** SIGKILLs node i (no shutdown hooks, as a crash); returns once its process is gone. */
    public void kill(int i) {
        nodes.get(i).kill();
    }

    /**
     * Starts node i again on the same ports (killing it first if it still runs), and waits until
     * it is ready and every live node counts it in.
     */
    public void restart(int i) {
        NodeProcess node = nodes.get(i);
        node.kill();
        node.start();
        node.awaitReady(BOOT);
        long live = nodes.stream().filter(NodeProcess::isAlive).count();
        nodes.stream().filter(NodeProcess::isAlive).forEach(n -> n.awaitMembers((int) live, MEMBERSHIP));
    }

    /** Kills every node (fast: the tests are done with them). */
    @Override
    public void close() {
        nodes.forEach(NodeProcess::kill);
    }
}
