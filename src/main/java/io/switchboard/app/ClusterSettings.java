package io.switchboard.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Cluster mode's settings (docs/configuration.md, docs/clustering.md). */
@ApplicationScoped
public class ClusterSettings {
    @Inject @ConfigProperty(name = "switchboard.cluster", defaultValue = "false")
    boolean enabled;
    @Inject @ConfigProperty(name = "switchboard.cluster.logCapacity", defaultValue = "100000")
    int logCapacity;
    @Inject @ConfigProperty(name = "switchboard.cluster.hazelcast", defaultValue = "payara/Hazelcast")
    String hazelcastJndi;

    /** Whether this node shares one hub with the others of its Payara Micro cluster (docs/clustering.md). */
    public boolean enabled() {
        return enabled;
    }

    /** How many messages the cluster log (a ringbuffer) holds: the reach of a resume across nodes. */
    public int logCapacity() {
        return logCapacity;
    }

    /** Where Payara publishes its Hazelcast instance in JNDI. */
    public String hazelcastJndi() {
        return hazelcastJndi;
    }
}
