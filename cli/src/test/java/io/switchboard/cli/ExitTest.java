package io.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.client.HubException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ExitTest {
    @Test
    void hubRefusalsAreOneAndTimeoutsFour() {
        for (String code : new String[]{"no_callee", "callee_error", "callee_gone", "conflict", "patch_failed",
                "bad_channel", "forbidden", "unauthorized"}) {
            assertThat(Exit.of(new HubException(code, "x"))).as(code).isEqualTo(Exit.REFUSED);
        }
        assertThat(Exit.of(new HubException("timeout", "x"))).isEqualTo(Exit.TIMEOUT);
        assertThat(Exit.of(new TimeoutException())).isEqualTo(Exit.TIMEOUT);
        assertThat(Exit.of(new ConnectException())).isEqualTo(Exit.CANNOT_CONNECT);
        assertThat(Exit.of(new Exit.Failure(Exit.CANNOT_CONNECT, "x"))).isEqualTo(Exit.CANNOT_CONNECT);
        assertThat(Exit.of(new IllegalStateException("bug"))).isEqualTo(Exit.REFUSED);
    }

    @Test
    void wrappersAreLookedThrough() {
        HubException h = new HubException("timeout", "late");
        assertThat(Exit.of(new ExecutionException(new CompletionException(h)))).isEqualTo(Exit.TIMEOUT);
        assertThat(Exit.message(new CompletionException(h))).isEqualTo("error: timeout: late");
    }

    @Test
    void theErrorLine() {
        assertThat(Exit.message(new HubException("no_callee", "no connected callee is registered for /rpc/x")))
                .isEqualTo("error: no_callee: no connected callee is registered for /rpc/x");
        assertThat(Exit.message(new Exit.Failure(3, "switchboard: cannot connect to ws://h/ws: connection refused")))
                .isEqualTo("switchboard: cannot connect to ws://h/ws: connection refused");
    }
}
