package io.switchboard.sse;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code switchboard.sse.*} settings (docs/sse.md, docs/configuration.md). They are read here
 * rather than in app.HubSettings because {@link SseLimits} is this transport's type, and app
 * depends on no transport.
 */
@ApplicationScoped
public class SseSettings {
    @Inject @ConfigProperty(name = "switchboard.sse.heartbeat", defaultValue = "15000")
    long heartbeat;
    @Inject @ConfigProperty(name = "switchboard.sse.retry", defaultValue = "2000")
    long retry;
    @Inject @ConfigProperty(name = "switchboard.sse.maxAge", defaultValue = "0")
    long maxAge;
    @Inject @ConfigProperty(name = "switchboard.sse.queueBytes", defaultValue = "1048576")
    long queueBytes;
    @Inject @ConfigProperty(name = "switchboard.sse.queueEvents", defaultValue = "10000")
    int queueEvents;

    public SseLimits limits() {
        return new SseLimits(queueBytes, queueEvents, heartbeat, retry, maxAge);
    }
}
