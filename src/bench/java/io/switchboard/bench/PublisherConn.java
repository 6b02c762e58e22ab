package io.switchboard.bench;

/**
 * The fan-out publisher's connection. Every --confirm-every pub carries the id {@code p<i>}; the
 * hub's {@code ok} for it confirms every pub up to {@code i}, which the publisher's window reads.
 */
final class PublisherConn extends Conn {
    /** The highest confirmed pub, -1 before the first ok. */
    volatile long confirmed = -1;

    PublisherConn(LoadRun run) {
        super(run, -1);
    }

    @Override
    void onOk() {
        if (!okMakesReady() && f.id != null && f.id.startsWith("p")) {
            long confirmedN = Long.parseLong(f.id, 1, f.id.length(), 10);
            if (confirmedN > confirmed) {
                confirmed = confirmedN;
            }
        }
    }
}
