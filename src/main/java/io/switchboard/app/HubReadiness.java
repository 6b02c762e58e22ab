package io.switchboard.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code /health/ready} is DOWN until the hub can route. */
@Readiness
@ApplicationScoped
public class HubReadiness implements HealthCheck {
    @Inject
    HubService service;

    @Override
    public HealthCheckResponse call() {
        boolean up = service.ready();
        var builder = HealthCheckResponse.named("switchboard-hub").status(up);
        if (up) {
            builder.withData("epoch", service.hub().epoch())
                    .withData("connections", service.hub().connectionCount())
                    .withData("sessions", service.hub().sessionCount());
        }
        return builder.build();
    }
}
