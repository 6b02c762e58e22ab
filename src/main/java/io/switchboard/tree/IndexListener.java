package io.switchboard.tree;

/**
 * Told of changes to one index node's children. Called under the tree's lock, in the order the
 * changes happened, so it must only queue (a {@code Peer.send}) and never call back into the tree.
 * A child whose kind changes (a channel that gains children becomes an index) is {@code added}
 * again with its new kind: listeners key children by name.
 */
public interface IndexListener {

    /** The node's listing when the listener was registered; always the first call. */
    void listed(Listing listing);

    void added(Child child);

    void removed(Child child);
}
