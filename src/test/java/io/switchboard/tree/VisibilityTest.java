package io.switchboard.tree;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.auth.Authenticator;
import io.switchboard.auth.Grants;
import io.switchboard.auth.Identity;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A listing names only what its reader could subscribe to. */
class VisibilityTest {
    private static final Authenticator AUTH = new Authenticator() {
        @Override
        public Identity verify(String token) {
            return null;
        }

        @Override
        public Grants grants() {
            return Grants.parse(Map.of("viewer", "subscribe:/data/open/**|/data/geo/de|/chatrooms/lobby"));
        }
    };
    private static final Identity VIC = new Identity("vic", Set.of("viewer"), Long.MAX_VALUE);

    private static final Listing DATA = new Listing("/data", List.of(
            new Child("echo", "/data/echo", Kind.SOCKET),
            new Child("geo", "/data/geo", Kind.INDEX),
            new Child("open", "/data/open", Kind.CHANNEL),
            new Child("secret", "/data/secret", Kind.INDEX),
            new Child("top", "/data/top", Kind.CHANNEL)));

    @Test
    void aReaderSeesTheChannelsAndBranchesItMaySubscribeToAndEverySocket() {
        Listing seen = Visibility.of(AUTH, VIC).filter(DATA);
        assertThat(seen.children()).extracting(Child::name).containsExactly("echo", "geo", "open"); // /data/open/** matches /data/open too
        assertThat(Visibility.of(AUTH, VIC).test(new Child("open", "/data/open", Kind.INDEX))).as("a branch granted inside").isTrue();
        assertThat(Visibility.of(AUTH, VIC).node("/data/geo")).isTrue();
        assertThat(Visibility.of(AUTH, VIC).node("/data/geo/fr")).isFalse();
        assertThat(Visibility.of(AUTH, VIC).node("/data")).isTrue();
        assertThat(Visibility.of(AUTH, VIC).node("/chatrooms")).isTrue();
        assertThat(Visibility.of(AUTH, VIC).node("/chatrooms/lobby")).isTrue();
        assertThat(Visibility.of(AUTH, VIC).node("/chatrooms/lobby/chat")).isTrue();
        assertThat(Visibility.of(AUTH, VIC).node("/chatrooms/locked")).isFalse();
    }

    @Test
    void anOpenHubShowsEverything() {
        assertThat(Visibility.of(null, null).filter(DATA)).isEqualTo(DATA);
        assertThat(Visibility.of(null, null).node("/data/secret")).isTrue();
    }
}
