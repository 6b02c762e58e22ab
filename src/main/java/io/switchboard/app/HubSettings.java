package io.switchboard.app;

import io.switchboard.hub.Limits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Every setting of the hub, from MicroProfile Config; docs/configuration.md lists them. */
@ApplicationScoped
public class HubSettings {
    @Inject @ConfigProperty(name = "switchboard.limits.frame", defaultValue = "65536")
    int frame;
    @Inject @ConfigProperty(name = "switchboard.limits.hardFrame", defaultValue = "1048576")
    int hardFrame;
    @Inject @ConfigProperty(name = "switchboard.limits.queue", defaultValue = "10000")
    int queue;
    @Inject @ConfigProperty(name = "switchboard.limits.sessionTtl", defaultValue = "120000")
    long sessionTtl;
    @Inject @ConfigProperty(name = "switchboard.limits.rate", defaultValue = "1000")
    int rate;
    @Inject @ConfigProperty(name = "switchboard.heartbeat", defaultValue = "25000")
    long heartbeat;
    @Inject @ConfigProperty(name = "switchboard.history", defaultValue = "100")
    int history;
    @Inject @ConfigProperty(name = "switchboard.historyTtl", defaultValue = "600000")
    long historyTtl;
    @Inject @ConfigProperty(name = "switchboard.flusherThreads", defaultValue = "2")
    int flusherThreads;

    @Inject @ConfigProperty(name = "switchboard.websocket.fastPath", defaultValue = "true")
    boolean fastPath;

    public boolean fastPath() {
        return fastPath;
    }

    public Limits limits() {
        return new Limits(frame, hardFrame, queue, sessionTtl, rate, heartbeat, history, historyTtl);
    }

    public int flusherThreads() {
        return flusherThreads;
    }
}
