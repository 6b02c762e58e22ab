package io.switchboard.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Server-to-client WebSocket text frames (RFC 6455 section 5.2: FIN, opcode 1, unmasked). */
final class WebSocketFrames {
    private WebSocketFrames() {
    }

    static ByteBuffer text(byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(headerLength(payload.length) + payload.length);
        put(b, payload);
        return b.flip();
    }

    static ByteBuffer texts(List<String> frames) {
        byte[][] payloads = new byte[frames.size()][];
        int size = 0;
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = frames.get(i).getBytes(StandardCharsets.UTF_8);
            size += headerLength(payloads[i].length) + payloads[i].length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        for (byte[] p : payloads) {
            put(b, p);
        }
        return b.flip();
    }

    static int headerLength(int length) {
        return length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
    }

    private static void put(ByteBuffer b, byte[] payload) {
        b.put((byte) 0x81);
        int n = payload.length;
        if (n < 126) {
            b.put((byte) n);
        } else if (n <= 0xFFFF) {
            b.put((byte) 126).putShort((short) n);
        } else {
            b.put((byte) 127).putLong(n);
        }
        b.put(payload);
    }
}
