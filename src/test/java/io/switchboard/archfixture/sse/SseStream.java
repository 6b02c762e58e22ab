package io.switchboard.archfixture.sse;

/** Named like the class web may use (Layering.WEB_MAY_USE). */
public class SseStream {
}
