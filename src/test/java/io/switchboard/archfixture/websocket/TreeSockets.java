package io.switchboard.archfixture.websocket;

/** Named like the class web may use (Layering.WEB_MAY_USE). */
public class TreeSockets {
    public static class Bridge {
    }
}
