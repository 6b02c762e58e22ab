package io.switchboard.archfixture.hub;

/** Breaks the core rule with a container type written out in full, which no import line shows. */
public class HubHoldingASession {
    jakarta.websocket.Session session;
}
