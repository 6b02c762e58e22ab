package io.switchboard.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of a soak: per transport, messages delivered / lost / duplicated / covered by gaps (and,
 * for ephemeral sessions, published while they were away), and how long closes took; and the list
 * of what breaks the contract. Lost means neither received nor covered by a gap, on a resumable
 * session, or inside one connection of an ephemeral one.
 */
final class SoakReport {
    private final Soak soak;
    private final List<SoakSubscriber> subscribers;
    private final List<NumberedPublisher> publishers;
    private final double seconds;
    private final int cuts;
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes;
    private final StringBuilder text = new StringBuilder();

    SoakReport(Soak soak, List<SoakSubscriber> subscribers, List<NumberedPublisher> publishers, double seconds, int cuts,
               List<String> failures, List<String> notes) {
        this.soak = soak;
        this.subscribers = subscribers;
        this.publishers = publishers;
        this.seconds = seconds;
        this.cuts = cuts;
        problems.addAll(failures);
        this.notes = notes;
        write();
    }

    List<String> problems() {
        return problems;
    }

    String text() {
        return text.toString();
    }

    private SoakLedger.Counts counts(SoakSubscriber s) {
        NumberedPublisher p = publishers.get(Integer.parseInt(s.ledger.channel.substring("/soak/c".length())));
        return s.ledger.count(p.sent() - 1, p::offsetOf);
    }

    private void write() {
        int published = publishers.stream().mapToInt(NumberedPublisher::sent).sum();
        line("Soak: %s of cuts and stalls, seed %d, %d channels x %d msg/s, heartbeat %d ms, queue %d",
                soak.length, soak.seed, soak.channels, soak.perChannel, Soak.HEARTBEAT, Soak.QUEUE);
        line("published %d messages in %.0f s (%.1f msg/s), %d proxy cuts, %d subscribers", published, seconds,
                published / seconds, cuts, subscribers.size());
        line("");
        String head = "%-22s %4s %9s %5s %4s %7s %5s %6s %7s %7s %7s";
        line(head, "transport", "subs", "delivered", "lost", "dup", "gapped", "gaps", "away", "closes", "p50 ms", "max ms");
        Map<String, List<SoakSubscriber>> byTransport = new LinkedHashMap<>();
        for (SoakSubscriber s : subscribers) {
            byTransport.computeIfAbsent(s.ledger.transport, k -> new ArrayList<>()).add(s);
        }
        byTransport.forEach((transport, subs) -> row(transport, subs, head));
        line("");
        line("per subscriber:");
        for (SoakSubscriber s : subscribers) {
            row(s.ledger.name, List.of(s), head);
            check(s, counts(s));
        }
        line("");
        if (!notes.isEmpty()) {
            line("noted (no promise broken):");
            notes.forEach(n -> line("  %s", n));
        }
        if (problems.isEmpty()) {
            line("PASS: nothing lost outside gaps, nothing twice, every close arrived");
        } else {
            line("FAIL:");
            problems.forEach(p -> line("  %s", p));
        }
    }

    private void row(String label, List<SoakSubscriber> subs, String format) {
        SoakLedger.Counts c = new SoakLedger.Counts(0, 0, 0, 0, 0, 0, 0);
        List<Long> closes = new ArrayList<>();
        for (SoakSubscriber s : subs) {
            c = c.plus(counts(s));
            closes.addAll(s.ledger.closes());
        }
        closes.sort(null);
        line(format, label, subs.size(), c.delivered(), c.lost(), c.duplicated(), c.gapped(), c.gaps(), c.away(),
                closes.size(), closes.isEmpty() ? "-" : closes.get(closes.size() / 2), closes.isEmpty() ? "-" : closes.get(closes.size() - 1));
    }

    private void check(SoakSubscriber s, SoakLedger.Counts c) {
        String who = s.ledger.name + " (" + s.ledger.transport + ", " + s.ledger.channel + ")";
        if (c.lost() > 0) {
            problems.add(who + ": " + c.lost() + " messages lost without a gap");
        }
        if (c.duplicated() > 0) {
            problems.add(who + ": " + c.duplicated() + " messages delivered twice");
        }
        if (c.seqBroken() > 0) {
            problems.add(who + ": " + c.seqBroken() + " messages whose seq broke one seq per message");
        }
        if (s.expectsCloses() && s.ledger.closes().isEmpty()) {
            problems.add(who + ": never cut or stalled, so the soak proved nothing about it");
        }
    }

    private void line(String format, Object... args) {
        text.append(String.format(format, args)).append('\n');
    }
}
