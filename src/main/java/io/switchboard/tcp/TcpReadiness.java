package io.switchboard.tcp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /health/ready} for the TCP listener: UP when TCP is off (nothing to reflect), else UP only
 * while it listens, so a listener that failed to bind or died takes the node out.
 */
@Readiness
@ApplicationScoped
public class TcpReadiness implements HealthCheck {
    @Inject
    TcpListener listener;

    @Override
    public HealthCheckResponse call() {
        return of(listener);
    }

    /** The check's answer, shared with {@link TcpLiveness}. */
    static HealthCheckResponse of(TcpListener listener) {
        var builder = HealthCheckResponse.named("switchboard-tcp");
        if (!listener.configured()) {
            return builder.up().withData("configured", false).build();
        }
        var address = listener.address();
        builder.status(listener.listening()).withData("configured", true)
                .withData("connections", listener.stats().connections());
        if (address != null) {
            builder.withData("port", address.getPort());
        }
        return builder.build();
    }
}
