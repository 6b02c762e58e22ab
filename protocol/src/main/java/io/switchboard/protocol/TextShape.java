package io.switchboard.protocol;

/**
 * One pass over JSON text, before parsing, for what the parser would choke on or let through too
 * big: nesting deeper than {@code maxDepth}, a number longer than {@code maxNumber} characters, an
 * exponent of more than four digits, and NUL outside strings. It does not validate JSON (the parser
 * does); it only tracks whether it is inside a string, so brackets and digits in strings count for
 * nothing. Not thread-safe: one per check.
 */
final class TextShape {
    private static final int MAX_EXPONENT_DIGITS = 4;

    private final int maxDepth;
    private final int maxNumber;
    private int depth;
    private int numberLength;
    private int exponentDigits;
    private boolean inExponent;

    TextShape(int maxDepth, int maxNumber) {
        this.maxDepth = maxDepth;
        this.maxNumber = maxNumber;
    }

    void check(String text) throws ProtocolException {
        boolean inString = false;
        boolean escaped = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (c == '"') {
                endNumber();
                inString = true;
            } else if (isNumberChar(c)) {
                number(c);
            } else {
                endNumber();
                nest(c);
            }
        }
    }

    private void nest(char c) throws ProtocolException {
        if (c == '[' || c == '{') {
            if (++depth > maxDepth) {
                throw new ProtocolException(ErrorCode.BAD_JSON, "nested deeper than " + maxDepth);
            }
        } else if (c == ']' || c == '}') {
            depth--;
        } else if (c == 0) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "NUL outside a string");
        }
    }

    private void number(char c) throws ProtocolException {
        if (++numberLength > maxNumber) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "a number longer than " + maxNumber + " characters");
        }
        if (c == 'e' || c == 'E') {
            inExponent = true;
        } else if (inExponent && c >= '0' && c <= '9' && ++exponentDigits > MAX_EXPONENT_DIGITS) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "an exponent of more than " + MAX_EXPONENT_DIGITS + " digits");
        }
    }

    private void endNumber() {
        numberLength = 0;
        exponentDigits = 0;
        inExponent = false;
    }

    private static boolean isNumberChar(char c) {
        return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
    }
}
