package io.switchboard.tcp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * {@code /health/live} for the TCP listener, the same answer as {@link TcpReadiness}: a listener
 * that died is a node to restart. (Payara registers a bean under only one of the two qualifiers,
 * so each has its own class.)
 */
@Liveness
@ApplicationScoped
public class TcpLiveness implements HealthCheck {
    @Inject
    TcpListener listener;

    @Override
    public HealthCheckResponse call() {
        return TcpReadiness.of(listener);
    }
}
