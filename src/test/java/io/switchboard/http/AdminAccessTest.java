package io.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.auth.Authenticator;
import io.switchboard.auth.Grants;
import io.switchboard.auth.Identity;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who may use the Server API: the admin grant with users, loopback without. */
class AdminAccessTest {

    private static ErrorCode refusal(Authenticator auth, Identity who, String address) {
        try {
            AdminAccess.check(auth, who, address);
            return null;
        } catch (ProtocolException e) {
            return e.code();
        }
    }

    @Test
    void anOpenHubAnswersOnlyLoopback() {
        assertThat(refusal(null, null, "127.0.0.1")).isNull();
        assertThat(refusal(null, null, "127.3.4.5")).isNull();
        assertThat(refusal(null, null, "::1")).isNull();
        assertThat(refusal(null, null, "0:0:0:0:0:0:0:1")).isNull();
        assertThat(refusal(null, null, "[::1]")).isNull();
        assertThat(refusal(null, null, "10.0.0.7")).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refusal(null, null, "fe80::1")).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refusal(null, null, "localhost")).as("a name is not looked up").isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refusal(null, null, null)).isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void withUsersOnlyTheAdminGrantPassesFromAnywhere() {
        Grants grants = Grants.parse(Map.of("ops", "admin:/**;subscribe:/**", "narrow", "admin:/sensors/**"));
        Authenticator auth = new Authenticator() {
            @Override
            public Identity verify(String token) {
                return null;
            }

            @Override
            public Grants grants() {
                return grants;
            }
        };
        assertThat(refusal(auth, new Identity("a", Set.of("ops"), Long.MAX_VALUE), "10.0.0.7")).isNull();
        assertThat(refusal(auth, new Identity("d", Set.of("default"), Long.MAX_VALUE), "127.0.0.1"))
                .as("the default role grants everything but admin").isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refusal(auth, new Identity("n", Set.of("narrow"), Long.MAX_VALUE), "127.0.0.1"))
                .as("only admin:/** opens the Server API").isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refusal(auth, null, "127.0.0.1")).isEqualTo(ErrorCode.FORBIDDEN);
    }
}
