package io.switchboard.archfixture.hub;

import io.switchboard.archfixture.websocket.FixtureEndpoint;

/** Breaks the core rule: the core calls a transport. */
public class HubCallingAnEndpoint {
    void tell(FixtureEndpoint endpoint) {
        endpoint.toString();
    }
}
