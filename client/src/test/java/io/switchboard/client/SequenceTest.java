package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceTest {
    private final Sequence seq = new Sequence(3);
    private static final jakarta.json.JsonObject MSG = FakeHub.parse("{\"op\":\"msg\"}");

    @Test
    void framesAreTakenInOrderOnce() {
        assertThat(seq.accept("msg", 1, MSG)).isEqualTo(Sequence.Verdict.NEXT);
        assertThat(seq.accept("msg", 2, MSG)).isEqualTo(Sequence.Verdict.NEXT);
        assertThat(seq.accept("msg", 2, MSG)).isEqualTo(Sequence.Verdict.SEEN);
        assertThat(seq.accept("invoke", 1, MSG)).isEqualTo(Sequence.Verdict.SEEN);
        assertThat(seq.accept("msg", 4, MSG)).isEqualTo(Sequence.Verdict.MISSING);
        assertThat(seq.last()).isEqualTo(2);
    }

    @Test
    void aSessionGapCoversTheRangeItNames() {
        seq.accept("msg", 1, MSG);
        assertThat(seq.accept("gap", 9, FakeHub.parse("{\"op\":\"gap\",\"from\":2,\"to\":8,\"seq\":9}"))).isEqualTo(Sequence.Verdict.NEXT);
        assertThat(seq.last()).isEqualTo(9);
        // a channel's history gap names offsets, not seqs
        assertThat(seq.accept("gap", 10, FakeHub.parse("{\"op\":\"gap\",\"ch\":\"/a\",\"from\":500,\"to\":900,\"seq\":10}")))
                .isEqualTo(Sequence.Verdict.NEXT);
    }

    @Test
    void acksEveryFewFramesOrWhenForced() {
        seq.accept("msg", 1, MSG);
        assertThat(seq.ackDue(false)).isEqualTo(-1);
        assertThat(seq.ackDue(true)).isEqualTo(1);
        assertThat(seq.ackDue(true)).isEqualTo(-1);
        seq.accept("msg", 2, MSG);
        seq.accept("msg", 3, MSG);
        seq.accept("msg", 4, MSG);
        assertThat(seq.ackDue(false)).isEqualTo(4);
    }

    @Test
    void aResumeStartsAfterTheLastProcessedAndAcksIt() {
        seq.accept("msg", 1, MSG);
        seq.accept("msg", 2, MSG);
        assertThat(seq.resumeFrom()).isEqualTo(2);
        assertThat(seq.ackDue(true)).isEqualTo(-1);
        seq.reset();
        assertThat(seq.last()).isZero();
        assertThat(seq.accept("msg", 1, MSG)).isEqualTo(Sequence.Verdict.NEXT);
    }
}
