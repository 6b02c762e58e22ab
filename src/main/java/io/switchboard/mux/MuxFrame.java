package io.switchboard.mux;

/**
 * One websocket-multiplex frame: {@code sub,<topic>}, {@code msg,<topic>,<payload>} or
 * {@code uns,<topic>}. The topic is kept as the client escaped it, since the client knows its
 * topics by that text; the payload is everything after the second comma, commas included.
 */
public record MuxFrame(Type type, String topic, String payload) {

    public enum Type { SUB, MSG, UNS }

    /** The frame, or null if {@code text} is not one (unknown type, no topic): such text is ignored. */
    public static MuxFrame parse(String text) {
        int a = text.indexOf(',');
        if (a < 0) {
            return null;
        }
        Type type = switch (text.substring(0, a)) {
            case "sub" -> Type.SUB;
            case "msg" -> Type.MSG;
            case "uns" -> Type.UNS;
            default -> null;
        };
        int b = text.indexOf(',', a + 1);
        String topic = b < 0 ? text.substring(a + 1) : text.substring(a + 1, b);
        if (type == null || topic.isEmpty()) {
            return null;
        }
        return new MuxFrame(type, topic, b < 0 ? null : text.substring(b + 1));
    }

    public static String msg(String topic, String text) {
        return "msg," + topic + "," + text;
    }

    /**
     * {@code uns,<topic>,<code>,<reason>}: websocket-multiplex clients read only {@code uns,<topic>}
     * and ignore the rest; this hub's client takes the code and reason as the topic's close.
     */
    public static String uns(String topic, int code, String reason) {
        return "uns," + topic + "," + code + "," + (reason == null ? "" : reason);
    }

    /** The close code a client's {@code uns,<topic>[,<code>[,<reason>]]} asks for: 1000 unless it names one. */
    public int closeCode() {
        if (payload == null || payload.isEmpty()) {
            return 1000;
        }
        int comma = payload.indexOf(',');
        String code = comma < 0 ? payload : payload.substring(0, comma);
        try {
            int c = Integer.parseInt(code);
            return c == 1000 || c == 1001 || (c >= 3000 && c <= 4999) ? c : 1000;
        } catch (NumberFormatException e) {
            return 1000;
        }
    }
}
