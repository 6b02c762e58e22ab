package io.switchboard.bench;

import java.net.URI;
import java.util.List;

/**
 * The servers the side-by-side benchmark compares, and the only place where they differ: how a
 * WebSocket subscriber reaches a channel, how it knows it is subscribed, and where a message is
 * published over HTTP. Everything else (the load, the message, the measurement) is shared code.
 * A channel is named by a key of letters, digits and {@code -}, which each server maps to its own
 * channel name.
 */
enum Peer {

    /** The hub: one {@code /ws} socket per subscriber, {@code hello} + {@code sub}, subscribed at its {@code ok}. */
    HUB("Switchboard") {
        @Override
        URI subscriberUri(String base, String key) {
            return URI.create("ws://" + base + "/ws");
        }

        @Override
        List<String> subscribeFrames(String key) {
            return List.of("{\"op\":\"hello\",\"batch\":false}",
                    "{\"op\":\"sub\",\"ch\":\"" + channel(key) + "\",\"id\":\"s\"}");
        }

        @Override
        boolean confirmsSubscription(String text) {
            return text.contains("\"op\":\"ok\"") && text.contains("\"id\":\"s\"");
        }

        @Override
        URI publishUri(String base, String key) {
            return URI.create("http://" + base + "/api/publish" + channel(key));
        }

        private String channel(String key) {
            return "/bench/sbs/" + key;
        }
    },

    /** nginx + nchan: a socket on {@code /sub/<key>} is subscribed once the upgrade is done. */
    NCHAN("nginx + nchan") {
        @Override
        URI subscriberUri(String base, String key) {
            return URI.create("ws://" + base + "/sub/" + key);
        }

        @Override
        List<String> subscribeFrames(String key) {
            return List.of();
        }

        @Override
        boolean confirmsSubscription(String text) {
            return false; // never asked: with no frames to send, the open socket is the subscription
        }

        @Override
        URI publishUri(String base, String key) {
            return URI.create("http://" + base + "/pub/" + key);
        }
    };

    final String title;

    Peer(String title) {
        this.title = title;
    }

    /** The WebSocket a subscriber to {@code key} opens; {@code base} is {@code host:port}. */
    abstract URI subscriberUri(String base, String key);

    /** Frames the subscriber sends, in order, once open; none means it is subscribed when open. */
    abstract List<String> subscribeFrames(String key);

    /** Whether a text the subscriber received (before it is subscribed) confirms its subscription. */
    abstract boolean confirmsSubscription(String text);

    /** Where the publisher POSTs one message's JSON body to {@code key}. */
    abstract URI publishUri(String base, String key);

    static Peer named(String name) {
        return switch (name) {
            case "hub", "switchboard" -> HUB;
            case "nchan", "nginx" -> NCHAN;
            default -> throw new IllegalArgumentException("unknown peer " + name + " (hub or nchan)");
        };
    }
}
