package io.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The page the hub writes is the page a client reads: one vocabulary for the history answer. */
class HistoryPageTest {

    private static JsonObject parse(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    @Test
    void aPageWithAChannelGapReadsBackAsWritten() {
        HistoryPage page = new HistoryPage("/a/b", "e1", 42, List.of(
                new HistoryPage.Entry(40, "{\"t\":\"x\\ny\"}", 1_764_770_000_123L),
                new HistoryPage.Entry(41, "null", 1_764_770_001_000L)), Gap.lost("/a/b", 8, 30), true);
        String text = ServerFrames.history("\"h1\"", page);
        JsonObject f = parse(text);
        assertThat(f.getString("op")).isEqualTo("history");
        assertThat(f.getString("id")).isEqualTo("h1");
        assertThat(f.getJsonArray("msgs").getJsonObject(0).getString("at")).isEqualTo("2025-12-03T13:53:20.123Z");
        assertThat(f.getJsonObject("gap").keySet()).containsExactlyInAnyOrder("from", "to");
        assertThat(HistoryPage.read(f)).isEqualTo(page);
        assertThat(page.next()).isEqualTo(41);
        assertThat(page.msgs().get(0).value().asJsonObject().getString("t")).isEqualTo("x\ny");
    }

    @Test
    void anEmptyPageWithAnEpochGapAndNoIdReadsBackAsWritten() {
        HistoryPage page = new HistoryPage("/a", "e2", 0, List.of(), Gap.epochChanged("e2"), false);
        String text = ServerFrames.history(null, page);
        assertThat(parse(text).containsKey("id")).isFalse();
        assertThat(HistoryPage.read(parse(text))).isEqualTo(page);
        assertThat(page.next()).isNull();
    }

    @Test
    void eachEntryFitsTheOverheadThePagingBoundCountsForIt() {
        HistoryPage.Entry e = new HistoryPage.Entry(Long.MAX_VALUE, "1", 253_402_300_799_999L);
        String one = ServerFrames.history(null, new HistoryPage("/a", "e", 1, List.of(e), null, false));
        String none = ServerFrames.history(null, new HistoryPage("/a", "e", 1, List.of(), null, false));
        assertThat(one.length() - none.length() - e.data().length()).isLessThanOrEqualTo(ServerFrames.HISTORY_ENTRY_OVERHEAD);
    }
}
