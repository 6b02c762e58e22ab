package io.switchboard.protocol;

/**
 * What history cannot give of a {@code since} position: either the epoch asked for is not the
 * current one ({@code epoch} is the current one: everything before it is unknown), or a
 * channel lost offsets {@code from..to} ({@code from} = since + 1; docs/protocol.md, Publishing and subscribing). Written as a frame
 * only by {@link ServerFrames}.
 */
public record Gap(String epoch, String ch, long from, long to) {

    public static Gap epochChanged(String currentEpoch) {
        return new Gap(currentEpoch, null, 0, 0);
    }

    public static Gap lost(String ch, long from, long to) {
        return new Gap(null, ch, from, to);
    }

    public boolean isEpoch() {
        return epoch != null;
    }
}
