package io.switchboard.metrics;

import io.switchboard.app.HubService;
import io.switchboard.app.TreeService;
import io.switchboard.hub.Budget;
import io.switchboard.hub.Hub;
import io.switchboard.sse.SseStats;
import io.switchboard.sse.SseStreams;
import io.switchboard.tcp.TcpListener;
import io.switchboard.tcp.TcpStats;
import io.switchboard.websocket.Sockets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * The hub's own metrics, prefixed {@code switchboard_} in {@code /metrics}. The hub keeps its
 * counters in LongAdders; these gauges read them, and the transports' own counters. This package
 * reads every part and nothing depends on it, so app depends on no transport.
 */
@ApplicationScoped
public class HubMetrics {
    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    @Inject
    HubService service;

    @Inject
    TcpListener tcp;
    @Inject
    SseStreams sse;

    @Inject
    TreeService tree;
    @Inject
    Sockets sockets;
    @Inject
    io.switchboard.hooks.HookBridge hooks;

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
        gauge("switchboard.flood.closes", hub, h -> h.stats().floodCloses());
        gauge("switchboard.slow.consumers", hub, h -> h.stats().slowConsumers());
        gauge("switchboard.queue.frames", hub, Hub::queuedFrames);
        gauge("switchboard.queue.max.depth", hub, Hub::maxQueueDepth);
        gauge("switchboard.rpc.registrations", hub, Hub::registrationCount);
        gauge("switchboard.rpc.pending", hub, Hub::pendingCallCount);
        gauge("switchboard.queue.bytes", hub, Hub::queuedBytes);
        gauge("switchboard.history.bytes", hub, Hub::historyBytes);
        gauge("switchboard.history.evicted", hub, Hub::historyEvicted);
        gauge("switchboard.state.documents", hub, h -> h.documents().count());
        gauge("switchboard.heap.used", hub, h -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        for (Budget b : Budget.values()) {
            gauge(b.metric(), hub, h -> h.stats().overloadedBy(b));
        }
        tcpGauges(tcp.stats());
        registerSse();
        registerTree();
        registerHooks();
    }

    /** The hub's events (docs/hooks.md): what was told, dropped on overflow, and the webhook's queue. */
    private void registerHooks() {
        Hub hub = service.hub();
        gauge("switchboard.hooks.events.told", hub, h -> h.events().told());
        gauge("switchboard.hooks.events.dropped", hub, h -> h.events().dropped());
        gauge("switchboard.hooks.events.failures", hub, h -> h.events().failures());
        gauge("switchboard.hooks.events.waiting", hub, h -> h.events().waiting());
        registry.gauge("switchboard.hooks.webhooks.delivered", hooks, b -> b.webhooks() == null ? 0 : b.webhooks().delivered());
        registry.gauge("switchboard.hooks.webhooks.failures", hooks, b -> b.webhooks() == null ? 0 : b.webhooks().failures());
        registry.gauge("switchboard.hooks.webhooks.dropped", hooks, b -> b.webhooks() == null ? 0 : b.webhooks().dropped());
        registry.gauge("switchboard.hooks.webhooks.waiting", hooks, b -> b.webhooks() == null ? 0 : b.webhooks().waiting());
    }

    private void registerTree() {
        registry.gauge("switchboard.chat.rooms", tree, t -> t.rooms().count());
        registry.gauge("switchboard.data.channels", tree, t -> t.channels().count());
        registry.gauge("switchboard.tree.sockets", sockets, Sockets::directCount);
    }

    private void tcpGauges(TcpStats s) {
        registry.gauge("switchboard.tcp.connections", s, TcpStats::connections);
        registry.gauge("switchboard.tcp.accepted", s, TcpStats::accepted);
        registry.gauge("switchboard.tcp.bytes.in", s, TcpStats::bytesIn);
        registry.gauge("switchboard.tcp.bytes.out", s, TcpStats::bytesOut);
        registry.gauge("switchboard.tcp.frames.in", s, TcpStats::framesIn);
        registry.gauge("switchboard.tcp.frames.out", s, TcpStats::framesOut);
        registry.gauge("switchboard.tcp.lines.overlong", s, TcpStats::overLong);
    }

    private void registerSse() {
        SseStats stats = sse.stats();
        registry.gauge("switchboard.sse.streams", stats, SseStats::open);
        registry.gauge("switchboard.sse.events.sent", stats, SseStats::eventsSent);
        registry.gauge("switchboard.sse.streams.slow", stats, SseStats::slowClosed);
    }

    private void gauge(String name, Hub hub, ToLongFunction<Hub> read) {
        registry.gauge(name, hub, h -> read.applyAsLong(h));
    }
}
