package io.switchboard.routing;

import java.util.List;

/**
 * What a {@code since} subscription gets before going live: gaps first, then held messages in
 * offset order. {@code epochChanged} means the asked-for epoch is not the current one.
 */
public record Replay(boolean epochChanged, List<ChannelGap> gaps, List<Message> messages) {

    /** A channel dropped messages after the asked-for offset: {@code from} = since + 1, {@code to} = last lost. */
    public record ChannelGap(String ch, long from, long to) {
    }
}
