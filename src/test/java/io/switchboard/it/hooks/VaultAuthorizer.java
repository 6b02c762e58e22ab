package io.switchboard.it.hooks;

import io.switchboard.hub.Asker;
import io.switchboard.hub.Authorizer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The example of an application's authorizer (docs/hooks.md), deployed with the test WAR: nobody
 * subscribes under {@code /vault}, nobody publishes there, and the name {@code banned} does not connect.
 */
@ApplicationScoped
public class VaultAuthorizer implements Authorizer {
    @Override
    public boolean connect(Asker who, String client, String name, String transport) {
        return !"banned".equals(name);
    }

    @Override
    public boolean subscribe(Asker who, String pattern) {
        return !pattern.startsWith("/vault");
    }

    @Override
    public boolean publish(Asker who, String channel) {
        return !channel.startsWith("/vault");
    }
}
