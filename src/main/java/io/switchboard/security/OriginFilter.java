package io.switchboard.security;

import io.switchboard.app.HubService;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;

/**
 * Refuses (403) a WebSocket handshake whose {@code Origin} is neither the hub's own nor listed in
 * {@code switchboard.origins}; handshakes without an Origin (devices, services) pass (section 7).
 * Runs before the WebSocket container's own filter, which the container maps after declared ones.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class OriginFilter extends HttpFilter {
    @Inject
    HubService service;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        String origin = req.getHeader("Origin");
        if (origin != null && "websocket".equalsIgnoreCase(req.getHeader("Upgrade")) && !allowed(origin, req.getHeader("Host"))) {
            res.sendError(HttpServletResponse.SC_FORBIDDEN, "origin not allowed");
            return;
        }
        chain.doFilter(req, res);
    }

    private boolean allowed(String origin, String host) {
        if (service.settings().origins().contains(origin) || service.settings().origins().contains("*")) {
            return true;
        }
        try {
            URI o = URI.create(origin);
            String hostPort = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
            return host != null && (host.equalsIgnoreCase(hostPort) || host.equalsIgnoreCase(o.getHost())
                    && defaultPort(o.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean defaultPort(String scheme) {
        return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
    }
}
