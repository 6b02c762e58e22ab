package io.switchboard.app;

import io.switchboard.hub.Budgets;
import io.switchboard.hub.Limits;
import io.switchboard.protocol.JsonInput;
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
    @Inject @ConfigProperty(name = "switchboard.json.maxDepth", defaultValue = "64")
    int jsonMaxDepth;
    @Inject @ConfigProperty(name = "switchboard.json.maxNumber", defaultValue = "64")
    int jsonMaxNumber;
    @Inject @ConfigProperty(name = "switchboard.flusherThreads", defaultValue = "2")
    int flusherThreads;

    @Inject @ConfigProperty(name = "switchboard.websocket.fastPath", defaultValue = "true")
    boolean fastPath;

    public boolean fastPath() {
        return fastPath;
    }

    @Inject @ConfigProperty(name = "switchboard.auth.users")
    java.util.Optional<String> users;
    @Inject @ConfigProperty(name = "switchboard.auth.secret")
    java.util.Optional<String> secret;
    @Inject @ConfigProperty(name = "switchboard.auth.tokenTtl", defaultValue = "3600000")
    long tokenTtl;
    @Inject @ConfigProperty(name = "switchboard.auth.jwks")
    java.util.Optional<String> jwks;
    @Inject @ConfigProperty(name = "switchboard.auth.issuer")
    java.util.Optional<String> issuer;
    @Inject @ConfigProperty(name = "switchboard.auth.audience")
    java.util.Optional<String> audience;
    @Inject @ConfigProperty(name = "switchboard.auth.rolesClaim", defaultValue = "roles")
    String rolesClaim;
    @Inject @ConfigProperty(name = "switchboard.origins")
    java.util.Optional<String> origins;
    @Inject @ConfigProperty(name = "switchboard.limits.connectionsPerAddress", defaultValue = "16384")
    int connectionsPerAddress;
    @Inject
    org.eclipse.microprofile.config.Config config;

    public String users() {
        return users.orElse("");
    }

    public java.util.Optional<String> secret() {
        return secret;
    }

    public long tokenTtl() {
        return tokenTtl;
    }

    /** An external issuer's keys (a JWKS URL or {@code file:} path); empty if only the hub's own tokens count. */
    public java.util.Optional<String> jwks() {
        return jwks;
    }

    public java.util.Optional<String> issuer() {
        return issuer;
    }

    public java.util.Optional<String> audience() {
        return audience;
    }

    /** Where an external token keeps its roles: a claim name or a dotted path ({@code realm_access.roles}). */
    public String rolesClaim() {
        return rolesClaim;
    }

    /** Origins allowed besides the hub's own, for WebSocket handshakes. */
    public java.util.Set<String> origins() {
        return origins.map(o -> java.util.Set.of(o.split("\\s*,\\s*"))).orElse(java.util.Set.of());
    }

    @Inject @ConfigProperty(name = "switchboard.shutdownGrace", defaultValue = "5000")
    long shutdownGrace;

    /** How long a SIGTERM waits for the 1012 closes to go out before the JVM goes on exiting. */
    public long shutdownGrace() {
        return shutdownGrace;
    }

    @Inject @ConfigProperty(name = "switchboard.hosts")
    java.util.Optional<String> hosts;

    /**
     * Host names the hub answers to besides loopback (switchboard.hosts), plus the address it is
     * bound to when that is one address, not all of them.
     */
    public java.util.Set<String> hosts() {
        java.util.Set<String> out = new java.util.HashSet<>();
        hosts.ifPresent(h -> out.addAll(java.util.List.of(h.trim().split("\\s*,\\s*"))));
        if (!bind.equals("0.0.0.0") && !bind.equals("::")) {
            out.add(bind);
        }
        out.remove("");
        return out;
    }

    public int connectionsPerAddress() {
        return connectionsPerAddress;
    }

    /** {@code switchboard.auth.role.<role>=publish:...;subscribe:...}, by role. */
    public java.util.Map<String, String> roles() {
        String prefix = "switchboard.auth.role.";
        java.util.Map<String, String> out = new java.util.HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(prefix)) {
                config.getOptionalValue(name, String.class).ifPresent(v -> out.put(name.substring(prefix.length()), v));
            }
        }
        return out;
    }

    // Budgets: see the Budgets section of docs/security.md.
    @Inject @ConfigProperty(name = "switchboard.limits.queueBytes", defaultValue = "4194304")
    long queueBytes;
    @Inject @ConfigProperty(name = "switchboard.limits.historyBytes", defaultValue = "67108864")
    long historyBytes;
    @Inject @ConfigProperty(name = "switchboard.retainedTtl", defaultValue = "0")
    long retainedTtl;
    @Inject @ConfigProperty(name = "switchboard.limits.sessionsPerUser", defaultValue = "256")
    int sessionsPerUser;
    @Inject @ConfigProperty(name = "switchboard.limits.sessionsPerAddress", defaultValue = "64")
    int sessionsPerAddress;
    @Inject @ConfigProperty(name = "switchboard.limits.subscriptions", defaultValue = "1000")
    int subscriptions;
    @Inject @ConfigProperty(name = "switchboard.limits.recentIds", defaultValue = "1000")
    int recentIds;
    @Inject @ConfigProperty(name = "switchboard.limits.callsPerSession", defaultValue = "256")
    int callsPerSession;
    @Inject @ConfigProperty(name = "switchboard.limits.calls", defaultValue = "10000")
    int calls;
    @Inject @ConfigProperty(name = "switchboard.limits.documents", defaultValue = "10000")
    int documents;
    @Inject @ConfigProperty(name = "switchboard.limits.documentBytes", defaultValue = "65536")
    int documentBytes;
    @Inject @ConfigProperty(name = "switchboard.limits.muxTopics", defaultValue = "64")
    int muxTopics;

    public Limits limits() {
        return new Limits(frame, hardFrame, queue, sessionTtl, rate, heartbeat, history, historyTtl,
                new Budgets(queueBytes, historyBytes, retainedTtl, sessionsPerUser, sessionsPerAddress,
                        subscriptions, recentIds, callsPerSession, calls, documents, documentBytes, muxTopics));
    }

    /** How client JSON is read on every transport: nesting and number-length limits. */
    public JsonInput jsonInput() {
        return new JsonInput(jakarta.json.spi.JsonProvider.provider(), jsonMaxDepth, jsonMaxNumber);
    }

    public int flusherThreads() {
        return flusherThreads;
    }

    @Inject @ConfigProperty(name = "switchboard.hooks.queue", defaultValue = "10000")
    int hooksQueue;
    @Inject @ConfigProperty(name = "switchboard.hooks.url")
    java.util.Optional<String> hooksUrl;
    @Inject @ConfigProperty(name = "switchboard.hooks.secret")
    java.util.Optional<String> hooksSecret;
    @Inject @ConfigProperty(name = "switchboard.hooks.retry", defaultValue = "500")
    long hooksRetry;
    @Inject @ConfigProperty(name = "switchboard.hooks.maxRetry", defaultValue = "60000")
    long hooksMaxRetry;
    @Inject @ConfigProperty(name = "switchboard.hooks.timeout", defaultValue = "10000")
    long hooksTimeout;

    /** Hub events waiting for the application's observers and the webhook at most (docs/hooks.md). */
    public int hooksQueue() {
        return hooksQueue;
    }

    /** Where events are POSTed; empty (the default) sends none. */
    public java.util.Optional<String> hooksUrl() {
        return hooksUrl;
    }

    /** The HMAC-SHA256 key of X-Switchboard-Signature; empty sends events unsigned. */
    public java.util.Optional<String> hooksSecret() {
        return hooksSecret;
    }

    /** The first wait (ms) before a failed POST is tried again; each further failure doubles it. */
    public long hooksRetry() {
        return hooksRetry;
    }

    /** The longest wait (ms) between two tries. */
    public long hooksMaxRetry() {
        return hooksMaxRetry;
    }

    /** How long (ms) one POST may take before it counts as failed. */
    public long hooksTimeout() {
        return hooksTimeout;
    }

    @Inject @ConfigProperty(name = "switchboard.tcp.port")
    java.util.Optional<Integer> tcpPort;
    @Inject @ConfigProperty(name = "switchboard.tcp.address")
    java.util.Optional<String> tcpAddress;
    @Inject @ConfigProperty(name = "switchboard.bind", defaultValue = "127.0.0.1")
    String bind;
    @Inject @ConfigProperty(name = "switchboard.tcp.threads", defaultValue = "2")
    int tcpThreads;

    /** The TCP lines port; empty (the default) leaves TCP off. */
    public java.util.Optional<Integer> tcpPort() {
        return tcpPort;
    }

    /** Where TCP listens: switchboard.tcp.address, else the address HTTP is bound to (switchboard.bind). */
    public String tcpAddress() {
        return tcpAddress.orElse(bind);
    }

    public int tcpThreads() {
        return tcpThreads;
    }
}
