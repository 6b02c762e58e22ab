package io.switchboard.browser;

import io.switchboard.it.Deployments;
import io.switchboard.it.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** dashboard.html on a hub with users: the page asks to sign in, refuses a wrong password, and works once signed in. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DashboardLoginIT extends OneBrowser {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hubWith("switchboard.auth.users=ada:lovelace:viewer,station:weather:device",
                "switchboard.auth.secret=a-browser-test-secret-long-enough-for-hs256",
                "switchboard.auth.role.viewer=subscribe:/**|/$sys/presence;publish:/chat/*",
                "switchboard.auth.role.device=publish:/devices/**;subscribe:/devices/**");
    }

    private String token(String user, String password) throws Exception {
        return Tokens.of(base, user, password);
    }

    @Test
    void aWrongPasswordIsRefusedAndTheRightOneConnectsAndListsTheDevices() throws Exception {
        try (BenchDevice device = BenchDevice.connect(
                Deployments.ws(base, "ws?access_token=" + token("station", "weather")), "locked-weather")) {
            DashboardPage page = DashboardPage.load(browser, base);
            page.awaitText(page.connection(), "Sign in to connect to the hub.");
            page.signIn("ada", "babbage");
            page.awaitText(page.find("alert", "Sign-in problem"), "Wrong user name or password.");
            assertThat(page.all("button", "locked-weather online")).isEmpty();
            assertThat(page.connection().getText()).isEqualTo("Sign in to connect to the hub.");

            page.signIn("ada", "lovelace");
            page.awaitText(page.connection(), "Connected");
            assertThat(page.all("form", "Sign in")).isEmpty();
            page.device(device.name(), true).click();
            page.awaitText(page.deviceStatus(), device.name() + " is online");
        }
    }
}
