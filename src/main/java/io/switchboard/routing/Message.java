package io.switchboard.routing;

import io.switchboard.channels.ChannelPath;
import io.switchboard.protocol.JsonText;

/**
 * A published message. Its {@code msg} frame is encoded once, here, without the per-session
 * {@code seq}: fan-out appends only that to the shared text. The data is held only inside that
 * frame (history keeps many messages, each at most once) and cut out of it when asked for.
 */
public final class Message {
    private final ChannelPath channel;
    private final int dataStart;
    private final int dataEnd;
    private final long off;
    private final String from;
    private final boolean retain;
    private final long at;
    private final String frame;
    /**
     * The data cut out last, for the next subscriber that asks: a tree socket or event stream per
     * subscriber would otherwise copy it once each. Weak, so history still holds the data once.
     */
    private volatile java.lang.ref.WeakReference<String> cut;

    public Message(ChannelPath channel, String data, long off, String from, boolean retain, long at) {
        this.channel = channel;
        this.off = off;
        this.from = from;
        this.retain = retain;
        this.at = at;
        this.frame = JsonText.op("msg").str("ch", channel.value()).raw("data", data).num("off", off)
                .str("from", from).open();
        // A channel has no quote in it, so the first data key is the message's.
        this.dataStart = data == null ? -1 : frame.indexOf(",\"data\":") + 8;
        this.dataEnd = data == null ? -1 : dataStart + data.length();
    }

    public ChannelPath channel() {
        return channel;
    }

    /** The message's data as JSON text. */
    public String data() {
        if (dataStart < 0) {
            return null;
        }
        java.lang.ref.WeakReference<String> last = cut;
        String data = last == null ? null : last.get();
        if (data == null) {
            data = frame.substring(dataStart, dataEnd);
            cut = new java.lang.ref.WeakReference<>(data);
        }
        return data;
    }

    /** About how many bytes of heap this message holds: its frame text and a fixed overhead. */
    public long size() {
        return frame.length() + 96L;
    }

    public long off() {
        return off;
    }

    public String from() {
        return from;
    }

    public boolean retain() {
        return retain;
    }

    /** When it was published, in epoch milliseconds. */
    public long at() {
        return at;
    }

    /** The {@code msg} frame, open for the subscriber's seq (see {@link JsonText#withSeq}). */
    public String openFrame() {
        return frame;
    }

    /** A retained publish with null data clears the retained value. */
    public boolean clearsRetained() {
        return retain && dataStart >= 0 && dataEnd - dataStart == 4 && frame.startsWith("null", dataStart);
    }
}
