package io.switchboard.security;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which {@code Host} names the hub answers to and which {@code Origin}s may drive it. A host name
 * outside the list is DNS rebinding (a page of evil.example whose name now resolves to the hub's
 * address); an origin is allowed when listed, or when it is the hub's own, which is only
 * meaningful because the Host it is compared with has passed the host list first.
 */
public final class WebOrigins {
    /** The names a hub on a laptop is reached by. */
    public static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    private final Set<String> hosts;
    private final Set<String> origins;

    /** {@code hosts}: names besides loopback ({@code *} for any); {@code origins}: full origins ({@code *} for any). */
    public WebOrigins(Set<String> hosts, Set<String> origins) {
        this.hosts = hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.origins = Set.copyOf(origins);
    }

    /** True for a Host header naming the hub; a request without one (HTTP/1.0, not a browser) passes. */
    public boolean hostAllowed(String hostHeader) {
        if (hostHeader == null) {
            return true;
        }
        String name = hostName(hostHeader);
        return hosts.contains("*") || LOOPBACK.contains(name) || hosts.contains(name);
    }

    /** True for an Origin listed, or the hub's own (same host and port as {@code hostHeader}). */
    public boolean originAllowed(String origin, String hostHeader) {
        if (origins.contains("*") || origins.contains(origin)) {
            return true;
        }
        try {
            URI o = URI.create(origin);
            if (o.getHost() == null || hostHeader == null) {
                return false;
            }
            String hostPort = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
            return hostHeader.equalsIgnoreCase(hostPort)
                    || hostHeader.equalsIgnoreCase(o.getHost()) && defaultPort(o.getScheme());
        } catch (IllegalArgumentException notAnOrigin) {
            return false; // "null" (sandboxed frames, file: pages) and garbage are nobody's own
        }
    }

    /** The name part of {@code host[:port]} or {@code [v6][:port]}, lower case. */
    static String hostName(String hostHeader) {
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    private static boolean defaultPort(String scheme) {
        return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
    }
}
