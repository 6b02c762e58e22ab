package io.switchboard.app;

import io.switchboard.hub.Hub;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * The hub's own metrics, prefixed {@code switchboard_} in {@code /metrics} (ruling 19). The hub
 * keeps its counters in LongAdders; these gauges read them.
 */
@ApplicationScoped
public class HubMetrics {
    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    @Inject
    HubService service;

    @Inject
    io.switchboard.sse.SseStreams sse;

    void register(@Observes @Initialized(ApplicationScoped.class) Object event) {
        Hub hub = service.hub();
        gauge("switchboard.connections", hub, Hub::connectionCount);
        gauge("switchboard.sessions", hub, Hub::sessionCount);
        gauge("switchboard.subscriptions", hub, Hub::subscriptionCount);
        gauge("switchboard.messages.published", hub, Hub::publishedCount);
        gauge("switchboard.messages.delivered", hub, Hub::deliveredCount);
        gauge("switchboard.frames.in", hub, h -> h.stats().framesIn());
        gauge("switchboard.frames.out", hub, h -> h.stats().framesOut());
        gauge("switchboard.frames.dropped", hub, h -> h.stats().dropped());
        gauge("switchboard.errors", hub, h -> h.stats().errors());
        gauge("switchboard.rate.limited", hub, h -> h.stats().rateLimited());
        gauge("switchboard.slow.consumers", hub, h -> h.stats().slowConsumers());
        gauge("switchboard.queue.frames", hub, Hub::queuedFrames);
        gauge("switchboard.queue.max.depth", hub, Hub::maxQueueDepth);
        gauge("switchboard.rpc.registrations", hub, Hub::registrationCount);
        gauge("switchboard.rpc.pending", hub, Hub::pendingCallCount);
        registerSse();
    }

    private void registerSse() {
        io.switchboard.sse.SseStats stats = sse.stats();
        registry.gauge("switchboard.sse.streams", stats, io.switchboard.sse.SseStats::open);
        registry.gauge("switchboard.sse.events.sent", stats, io.switchboard.sse.SseStats::eventsSent);
        registry.gauge("switchboard.sse.streams.slow", stats, io.switchboard.sse.SseStats::slowClosed);
    }

    private void gauge(String name, Hub hub, ToLongFunction<Hub> read) {
        registry.gauge(name, hub, h -> read.applyAsLong(h));
    }
}
