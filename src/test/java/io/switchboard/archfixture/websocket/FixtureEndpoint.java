package io.switchboard.archfixture.websocket;

import io.switchboard.archfixture.app.FixtureService;
import io.switchboard.archfixture.hub.CleanHub;

/** A transport as it should be: it stands on the core and on app. */
public class FixtureEndpoint {
    CleanHub hub;
    FixtureService service;
}
