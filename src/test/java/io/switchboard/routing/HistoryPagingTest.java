package io.switchboard.routing;

import static io.switchboard.routing.LocalMessageLogTest.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Gap;
import io.switchboard.protocol.HistoryPage;
import io.switchboard.protocol.Since;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** History on demand (docs/protocol.md): forward and reverse pages of one channel, their bounds and their gaps. */
class HistoryPagingTest {
    private static final long TTL = 10_000;
    private static final long ROOM = Long.MAX_VALUE;
    private final AtomicLong now = new AtomicLong(1_000_000);

    private LocalMessageLog log(int history) {
        return new LocalMessageLog(history, TTL, now::get);
    }

    /** {@code n} messages on /a, each followed by one on /b: /a holds the odd offsets 1, 3, ... */
    private static List<Long> publishInterleaved(LocalMessageLog log, int n) {
        List<Long> offs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            offs.add(log.append(path("/a"), Integer.toString(i), "t", false).off());
            log.append(path("/b"), "\"other\"", "t", false);
        }
        return offs;
    }

    private static List<Long> offsets(HistoryPage page) {
        return page.msgs().stream().map(HistoryPage.Entry::off).toList();
    }

    private static Since since(Long off) {
        return off == null ? null : new Since(off, null);
    }

    /** Every page from the start, each asked from the last one's {@code next()}. */
    private static List<HistoryPage> allPages(LocalMessageLog log, boolean reverse, int limit) {
        List<HistoryPage> pages = new ArrayList<>();
        Long next = null;
        do {
            HistoryPage page = log.history(path("/a"), since(next), limit, reverse, ROOM);
            pages.add(page);
            next = page.next();
            if (!page.more()) {
                break;
            }
        } while (pages.size() < 100);
        return pages;
    }

    @Test
    void forwardPagesGiveEveryMessageOfTheChannelOnceOldestFirst() {
        LocalMessageLog log = log(1000);
        List<Long> published = publishInterleaved(log, 250);
        List<HistoryPage> pages = allPages(log, false, 100);
        assertThat(pages).hasSize(3);
        assertThat(pages).extracting(HistoryPage::more).containsExactly(true, true, false);
        assertThat(pages).extracting(p -> p.msgs().size()).containsExactly(100, 100, 50);
        assertThat(pages.stream().flatMap(p -> offsets(p).stream()).toList()).isEqualTo(published);
        assertThat(pages).allSatisfy(p -> {
            assertThat(p.gap()).isNull();
            assertThat(p.top()).as("the channel's latest offset, not the hub's").isEqualTo(499);
            assertThat(p.epoch()).isEqualTo(log.epoch());
            assertThat(p.ch()).isEqualTo("/a");
        });
        assertThat(pages.get(0).msgs().get(7).data()).isEqualTo("7");
        assertThat(pages.get(0).msgs().get(0).at()).isEqualTo(1_000_000);
    }

    @Test
    void reversePagesGiveEveryMessageOnceNewestFirstAndEachPageIsOlderThanItsSince() {
        LocalMessageLog log = log(1000);
        List<Long> published = publishInterleaved(log, 250);
        List<HistoryPage> pages = allPages(log, true, 100);
        assertThat(pages).extracting(HistoryPage::more).containsExactly(true, true, false);
        List<Long> all = pages.stream().flatMap(p -> offsets(p).stream()).toList();
        List<Long> newestFirst = new ArrayList<>(published);
        java.util.Collections.reverse(newestFirst);
        assertThat(all).isEqualTo(newestFirst);
        assertThat(pages).allSatisfy(p -> assertThat(p.gap()).as("nothing was dropped").isNull());
        HistoryPage olderThan9 = log.history(path("/a"), since(9L), 100, true, ROOM);
        assertThat(offsets(olderThan9)).containsExactly(7L, 5L, 3L, 1L);
        assertThat(olderThan9.more()).isFalse();
    }

    @ParameterizedTest(name = "since {0}, reverse {1}, limit {2}: {3}, more {4}")
    @CsvSource(delimiter = '|', value = {
            "    | false | 2 | 1 3     | true",
            "3   | false | 2 | 5 7     | true",
            "7   | false | 5 | 9       | false",
            "9   | false | 5 | ''      | false",
            "8   | false | 1 | 9       | false",
            "    | true  | 2 | 9 7     | true",
            "9   | true  | 3 | 7 5 3   | true",
            "4   | true  | 3 | 3 1     | false",
            "1   | true  | 3 | ''      | false",
            "100 | true  | 1 | 9       | true",
    })
    void sinceIsAnExclusiveBoundInEitherDirection(Long since, boolean reverse, int limit, String offs, boolean more) {
        LocalMessageLog log = log(1000);
        publishInterleaved(log, 5);
        HistoryPage page = log.history(path("/a"), since(since), limit, reverse, ROOM);
        assertThat(offsets(page).stream().map(String::valueOf).toList())
                .isEqualTo(offs.isEmpty() ? List.of() : List.of(offs.split(" ")));
        assertThat(page.more()).isEqualTo(more);
    }

    @Test
    void aPageStopsBeforeItsTextWouldPassTheRoomButHoldsOneMessageAtLeast() {
        LocalMessageLog log = log(1000);
        String big = "\"" + "x".repeat(1000) + "\"";
        for (int i = 0; i < 10; i++) {
            log.append(path("/a"), big, "t", false);
        }
        HistoryPage three = log.history(path("/a"), null, 100, false, 3 * (1002 + 80));
        assertThat(offsets(three)).containsExactly(1L, 2L, 3L);
        assertThat(three.more()).isTrue();
        HistoryPage one = log.history(path("/a"), null, 100, true, 10);
        assertThat(offsets(one)).containsExactly(10L);
        assertThat(one.more()).isTrue();
    }

    /** /a keeps its last 3 of 6 (1, 3, 5 dropped; it holds 7, 9, 11). */
    @ParameterizedTest(name = "since {0}, reverse {1}, limit {2}: {3}, gap {4}..{5}")
    @CsvSource(delimiter = '|', value = {
            "    | false | 10 | 7 9 11 | 1 | 5",
            "2   | false | 10 | 7 9 11 | 3 | 5",
            "4   | false | 1  | 7      | 5 | 5",
            "5   | false | 10 | 7 9 11 |   |",
            "7   | false | 10 | 9 11   |   |",
            "    | true  | 2  | 11 9   |   |",
            "    | true  | 3  | 11 9 7 | 1 | 5",
            "9   | true  | 10 | 7      | 1 | 5",
            "7   | true  | 10 | ''     | 1 | 5",
            "4   | true  | 10 | ''     | 1 | 3",
            "1   | true  | 10 | ''     |   |",
    })
    void whenHistoryNoLongerHoldsTheStartOfWhatWasAskedThePageSaysWhich(Long since, boolean reverse, int limit,
                                                                      String offs, Long gapFrom, Long gapTo) {
        LocalMessageLog log = log(3);
        publishInterleaved(log, 6);
        HistoryPage page = log.history(path("/a"), since(since), limit, reverse, ROOM);
        assertThat(offsets(page).stream().map(String::valueOf).toList())
                .isEqualTo(offs.isEmpty() ? List.of() : List.of(offs.split(" ")));
        assertThat(page.gap()).isEqualTo(gapFrom == null ? null : Gap.lost("/a", gapFrom, gapTo));
        assertThat(page.top()).isEqualTo(11);
    }

    @Test
    void expiredHistoryIsAGapToo() {
        LocalMessageLog log = log(100);
        publishInterleaved(log, 3);
        now.addAndGet(TTL + 1);
        log.append(path("/a"), "\"late\"", "t", false);
        HistoryPage forward = log.history(path("/a"), null, 100, false, ROOM);
        assertThat(offsets(forward)).containsExactly(7L);
        assertThat(forward.gap()).isEqualTo(Gap.lost("/a", 1, 5));
        HistoryPage back = log.history(path("/a"), null, 100, true, ROOM);
        assertThat(offsets(back)).containsExactly(7L);
        assertThat(back.gap()).isEqualTo(Gap.lost("/a", 1, 5));
    }

    @Test
    void aChannelWithNothingHeldIsAnEmptyPageAtTopZero() {
        LocalMessageLog log = log(100);
        publishInterleaved(log, 3);
        HistoryPage page = log.history(path("/never"), null, 100, true, ROOM);
        assertThat(page.msgs()).isEmpty();
        assertThat(page.top()).isZero();
        assertThat(page.gap()).isNull();
        assertThat(page.more()).isFalse();
    }

    @Test
    void aSinceOfAnotherEpochIsAnEmptyPageWithAnEpochGapAndTheCurrentEpochPagesAsUsual() {
        LocalMessageLog log = log(100);
        publishInterleaved(log, 3);
        HistoryPage other = log.history(path("/a"), new Since(3, "not-" + log.epoch()), 100, false, ROOM);
        assertThat(other.msgs()).isEmpty();
        assertThat(other.gap()).isEqualTo(Gap.epochChanged(log.epoch()));
        assertThat(other.top()).isEqualTo(5);
        HistoryPage same = log.history(path("/a"), new Since(3, log.epoch()), 100, false, ROOM);
        assertThat(offsets(same)).containsExactly(5L);
        assertThat(same.gap()).isNull();
    }

    @Test
    void aChannelForgottenForRoomAnswersWithAGapNotASilentEmptyPage() {
        LocalMessageLog log = new LocalMessageLog(100, TTL, 0, 2000L * ChannelHistory.OVERHEAD, now::get);
        for (int c = 0; c < 1000; c++) {
            log.append(path("/once/" + c), "1", "f", false);
        }
        now.addAndGet(TTL + 1);
        for (int c = 0; c < 3000; c++) {
            log.append(path("/new/" + c), "1", "f", false);
        }
        HistoryPage page = log.history(path("/once/5"), null, 100, false, ROOM);
        assertThat(page.msgs()).isEmpty();
        assertThat(page.gap()).isNotNull();
        assertThat(page.gap().from()).isEqualTo(1);
        assertThat(page.gap().to()).isGreaterThanOrEqualTo(6);
    }
}
