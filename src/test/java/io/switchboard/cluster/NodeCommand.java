package io.switchboard.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The java command line of one cluster node: the same Payara Micro options as bin/cluster, on
 * loopback only (see docs/clustering.md for why each is there).
 */
final class NodeCommand {
    private NodeCommand() {
    }

    static List<String> of(int index, int httpPort, int hazelcastPort, String clusterName, String members,
                           Path dir, Map<String, String> config) {
        return of(index, httpPort, hazelcastPort, clusterName, members, dir, config, List.of());
    }

    /** {@code jvmOptions} come after the defaults, so they win (a smaller -Xmx, switchboard.cluster=false). */
    static List<String> of(int index, int httpPort, int hazelcastPort, String clusterName, String members,
                           Path dir, Map<String, String> config, List<String> jvmOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-Djava.io.tmpdir=" + dir.resolve("tmp-" + index));
        cmd.add("-Dhazelcast.socket.bind.any=false");
        cmd.add("-Dh2.bindAddress=127.0.0.1");
        cmd.add("-Dswitchboard.cluster=true");
        config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of(
                "-jar", file("payara.micro.jar", null),
                "--deploy", file("switchboard.war", "target/switchboard.war"),
                "--contextroot", "/",
                "--name", "node-" + index,
                "--port", Integer.toString(httpPort),
                "--interfaces", "127.0.0.1",
                "--prebootcommandfile", file("payara.preboot", "target/etc/preboot.asadmin"),
                "--clustername", clusterName,
                "--clustermode", "tcpip:" + members,
                "--startport", Integer.toString(hazelcastPort)));
        return cmd;
    }

    /** A file named by a system property (Failsafe sets them), checked to exist. */
    private static String file(String property, String fallback) {
        String value = System.getProperty(property, fallback);
        if (value == null || !Files.isRegularFile(Path.of(value))) {
            throw new IllegalStateException("system property " + property + " must name an existing file (got " + value
                    + "); Failsafe sets it, see pom.xml; run mvn package first");
        }
        return Path.of(value).toAbsolutePath().toString();
    }
}
