package io.switchboard.metrics;

import io.switchboard.app.HubService;
import io.switchboard.cluster.ClusterNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Cluster mode's metrics next to the per-node {@code switchboard_*} ones: members, the sessions of
 * the whole cluster, and how far this node's delivery trails the cluster log. Only in cluster mode.
 */
@ApplicationScoped
public class ClusterMetrics {
    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    @Inject
    HubService service;

    void register(@Observes @Initialized(ApplicationScoped.class) Object event) {
        ClusterNode node = service.cluster();
        if (node == null) {
            return;
        }
        registry.gauge("switchboard.cluster.members", node, n -> (long) n.members());
        registry.gauge("switchboard.cluster.sessions", node, n -> (long) n.sessions().clusterSize());
        registry.gauge("switchboard.cluster.log.lag", node, n -> n.log().lag());
        registry.gauge("switchboard.cluster.log.offset", node, n -> n.log().deliveredOffset());
    }
}
