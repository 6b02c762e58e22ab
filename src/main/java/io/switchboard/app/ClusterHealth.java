package io.switchboard.app;

import io.switchboard.cluster.ClusterNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Cluster membership in {@code /health/ready}: UP on a single node (nothing to join), and in
 * cluster mode while this node is a member, with the member count, its id and its log lag.
 */
@Readiness
@ApplicationScoped
public class ClusterHealth implements HealthCheck {
    @Inject
    HubService service;

    @Override
    public HealthCheckResponse call() {
        ClusterNode node = service.cluster();
        var b = HealthCheckResponse.named("switchboard-cluster");
        if (node == null) {
            return b.up().withData("mode", "single node").build();
        }
        try {
            return b.status(node.members() > 0).withData("mode", "cluster").withData("members", node.members())
                    .withData("member", node.memberId()).withData("logLag", node.log().lag()).build();
        } catch (RuntimeException e) {
            return b.down().withData("mode", "cluster").withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
