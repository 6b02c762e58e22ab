package io.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.it.WsClient;
import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The multi-node harness itself: two nodes form one cluster, a balancer spreads WebSocket
 * connections over them, and a killed node leaves the other one serving.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterHarnessIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static ClusterNodes nodes;
    private static LoadBalancer balancer;

    @BeforeAll
    static void startCluster() throws Exception {
        nodes = ClusterNodes.start("harness", 2, Map.of());
        balancer = LoadBalancer.inFrontOf(nodes);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (balancer != null) {
            balancer.close();
        }
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    @Order(1)
    void bothNodesAreReadyInOneHazelcastCluster() throws Exception {
        for (int i = 0; i < 2; i++) {
            assertThat(status(nodes.url(i).resolve("/health/ready").toString())).as("node %d ready", i).isEqualTo(200);
            assertThat(nodes.members(i)).as("node %d members", i).hasValue(2);
        }
        assertThat(nodes.hazelcastPort(0)).isNotEqualTo(nodes.hazelcastPort(1));
    }

    @Test
    @Order(2)
    void helloThroughTheBalancerIsWelcomedOnEitherNode() {
        for (int k = 0; k < 2; k++) {
            try (WsClient ws = WsClient.connect(balancer.ws("/ws"))) {
                assertThat(welcome(ws).getString("client")).isNotBlank();
            }
        }
        // Round robin: one connection each.
        assertThat(balancer.served(0)).isEqualTo(1);
        assertThat(balancer.served(1)).isEqualTo(1);
    }

    @Test
    @Order(3)
    void killingNodeZeroLeavesNodeOneServing() throws Exception {
        ProcessHandle killed = nodes.process(0);
        nodes.kill(0);

        assertThat(killed.isAlive()).isFalse();
        assertThat(killed.descendants()).noneMatch(ProcessHandle::isAlive);
        assertThat(status(nodes.url(1).resolve("/health/ready").toString())).isEqualTo(200);
        nodes.awaitMembers(1, 1);

        int before = balancer.served(1);
        for (int k = 0; k < 2; k++) {
            try (WsClient ws = WsClient.connect(balancer.ws("/ws"))) {
                assertThat(welcome(ws).getString("client")).isNotBlank();
            }
        }
        assertThat(balancer.served(1)).as("both new connections on node 1").isEqualTo(before + 2);
    }

    @Test
    @Order(4)
    void aRestartedNodeRejoinsTheCluster() {
        nodes.restart(0);

        assertThat(nodes.members(0)).hasValue(2);
        assertThat(nodes.members(1)).hasValue(2);
        try (WsClient ws = WsClient.connect(nodes.ws(0, "/ws"))) {
            assertThat(welcome(ws).getString("client")).isNotBlank();
        }
    }

    private static JsonObject welcome(WsClient ws) {
        ws.send("{'op':'hello'}");
        return ws.nextOp("welcome");
    }

    private static int status(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(java.net.URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
