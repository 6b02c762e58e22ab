package io.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The soak (issue #12): {@link Soak}'s mixed workload for {@code -Dsoak.minutes} (3 in the suite)
 * on one node, seeded by {@code -Dsoak.seed} (else the time, printed). It writes its report to
 * {@code target/soak-report.txt} and passes when nothing was lost outside gaps, nothing came twice
 * and every close arrived.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SoakIT {
    private static int tcpPort;

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            tcpPort = s.getLocalPort();
        }
        return Deployments.hubWith("switchboard.tcp.port=" + tcpPort, "switchboard.heartbeat=" + Soak.HEARTBEAT,
                "switchboard.limits.queue=" + Soak.QUEUE, "switchboard.limits.rate=100000",
                "switchboard.limits.sessionTtl=120000");
    }

    @Test
    void aMixedWorkloadOnEveryTransportLosesNothingOutsideGaps() throws Exception {
        Duration length = Duration.ofSeconds((long) (Double.parseDouble(System.getProperty("soak.minutes", "3")) * 60));
        long seed = Long.getLong("soak.seed", System.currentTimeMillis());
        SoakReport report = new Soak(base, tcpPort, length, seed, 4, 50).run();
        System.out.print(report.text());
        Files.writeString(Path.of("target/soak-report.txt"), report.text(), StandardCharsets.UTF_8);
        assertThat(report.problems()).as("the soak's report (seed %d):%n%s", seed, report.text()).isEmpty();
    }
}
