package io.switchboard.protocol;

/** A `since` position: an offset within an epoch; a null epoch means the current one. */
public record Since(long off, String epoch) {
}
