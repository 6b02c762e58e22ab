package io.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Grants: a channel allowed, a pattern covered, a branch reached. */
class GrantsTest {
    private static final Grants GRANTS = Grants.parse(Map.of(
            "viewer", "subscribe:/data/open/**|/data/geo/de|/chatrooms/lobby;publish:/chatrooms/lobby",
            "ops", "subscribe:/**"));
    private static final Set<String> VIEWER = Set.of("viewer");

    private static ChannelPattern p(String s) throws Exception {
        return ChannelPattern.parse(s);
    }

    @Test
    void aBranchIsReachedWhenAGrantedPatternMatchesSomeChannelInIt() throws Exception {
        assertThat(GRANTS.reaches(VIEWER, Action.SUBSCRIBE, p("/data/geo/**"))).isTrue();
        assertThat(GRANTS.reaches(VIEWER, Action.SUBSCRIBE, p("/data/**"))).isTrue();
        assertThat(GRANTS.reaches(VIEWER, Action.SUBSCRIBE, p("/data/open/**"))).isTrue();
        assertThat(GRANTS.reaches(VIEWER, Action.SUBSCRIBE, p("/data/open/x/y/**"))).isTrue();
        assertThat(GRANTS.reaches(VIEWER, Action.SUBSCRIBE, p("/data/secret/**"))).isFalse();
        assertThat(GRANTS.reaches(VIEWER, Action.SUBSCRIBE, p("/data/geo/fr/**"))).isFalse();
        assertThat(GRANTS.reaches(VIEWER, Action.PUBLISH, p("/data/**"))).isFalse();
        assertThat(GRANTS.reaches(Set.of("ops"), Action.SUBSCRIBE, p("/$sys/**"))).as("/** never reaches system channels").isFalse();
        assertThat(GRANTS.reaches(Set.of("nobody"), Action.SUBSCRIBE, p("/**"))).isFalse();
        // reaching is not covering: a branch shown is not a branch granted whole
        assertThat(GRANTS.allows(VIEWER, Action.SUBSCRIBE, p("/data/geo/**"))).isFalse();
        assertThat(GRANTS.allows(VIEWER, Action.SUBSCRIBE, ChannelPath.parse("/data/geo/de"))).isTrue();
    }

    /** Overlap against its definition: some channel of up to 8 segments over {a, b, c} matches both. */
    @Test
    void overlapAgreesWithASearchForACommonChannel() throws Exception {
        List<ChannelPath> channels = new ArrayList<>();
        for (int len = 1; len <= 8; len++) {
            addChannels(channels, "", len);
        }
        Random random = new Random(42);
        String[] parts = {"a", "b", "*", "**"};
        for (int n = 0; n < 400; n++) {
            ChannelPattern x = randomPattern(random, parts);
            ChannelPattern y = randomPattern(random, parts);
            boolean common = channels.stream().anyMatch(c -> x.matches(c) && y.matches(c));
            assertThat(Grants.overlap(x.segments(), y.segments())).as(x + " and " + y).isEqualTo(common);
        }
    }

    private static void addChannels(List<ChannelPath> out, String prefix, int left) throws Exception {
        if (left == 0) {
            out.add(ChannelPath.parse(prefix));
            return;
        }
        for (String s : new String[] {"a", "b", "c"}) {
            addChannels(out, prefix + "/" + s, left - 1);
        }
    }

    private static ChannelPattern randomPattern(Random random, String[] parts) throws Exception {
        StringBuilder sb = new StringBuilder();
        int len = 1 + random.nextInt(4);
        for (int i = 0; i < len; i++) {
            sb.append('/').append(parts[random.nextInt(parts.length)]);
        }
        return ChannelPattern.parse(sb.toString());
    }
}
