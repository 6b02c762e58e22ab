package io.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.cluster.ClusterNodes;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hub's shutdown (docs/protocol.md, Limits and errors): SIGTERM to a running Payara Micro (its own process, found by pid, not the
 * Arquillian container, which would take the signal as a crash) tells a /ws socket, a /mux carrier
 * and a TCP line 1012, and logs that it did.
 */
class ShutdownIT {
    @Test
    void sigtermTellsEverySocket1012() throws IOException {
        int tcpPort;
        try (ServerSocket s = new ServerSocket(0)) {
            tcpPort = s.getLocalPort();
        }
        try (ClusterNodes hub = ClusterNodes.start("shutdown", 1,
                Map.of("switchboard.tcp.port", String.valueOf(tcpPort), "switchboard.shutdownGrace", "5000"));
             WsClient ws = WsClient.connect(hub.ws(0, "/ws"));
             MuxClient mux = MuxClient.connect(hub.ws(0, "/mux"), Map.of());
             LineClient tcp = LineClient.connect("127.0.0.1", tcpPort)) {
            ws.send("{'op':'hello'}").nextOp("welcome");
            mux.send("sub,/ws").send("msg,/ws,{\"op\":\"hello\"}");
            assertThat(mux.next("/ws")).contains("\"welcome\"");
            tcp.send("{'op':'hello'}").nextOp("welcome");

            assertThat(hub.process(0).destroy()).as("SIGTERM sent").isTrue();

            assertThat(ws.awaitClose()).isEqualTo(1012);
            assertThat(tcp.nextOp("close").getInt("code")).isEqualTo(1012);
            String carrier = mux.next();
            while (!carrier.startsWith("closed ")) {
                carrier = mux.next();
            }
            assertThat(carrier).isEqualTo("closed 1012");
            await().atMost(Duration.ofSeconds(60)).until(() -> !hub.process(0).isAlive());
            assertThat(Files.readString(hub.log(0))).contains("Switchboard stopping: 1012 sent");
        }
    }
}
